using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Sales;

namespace FlashSale.Stock.Tests;

/// <summary>The boundaries of <c>purchase.lua</c>, run by the real Redis.</summary>
public sealed class PurchaseScriptTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private StockStore Store => redis.Store;

    [Fact]
    public async Task The_last_unit_sells_and_one_past_it_is_sold_out()
    {
        var sale = await redis.CreateSaleAsync(stock: 2);

        var first = await Store.BuyAsync(sale.SaleId, new("alice", "k"));
        var last = await Store.BuyAsync(sale.SaleId, new("bob", "k"));
        var onePast = await Store.BuyAsync(sale.SaleId, new("carol", "k"));

        Assert.Equal(PurchaseOutcome.Purchased, first.Outcome);
        Assert.Equal(PurchaseOutcome.Purchased, last.Outcome);
        Assert.Equal(PurchaseOutcome.SoldOut, onePast.Outcome);
        Assert.Null(onePast.OrderId);
        var snapshot = await Store.GetSnapshotAsync(sale.SaleId);
        Assert.Equal(0, snapshot!.Remaining);
        Assert.Equal(SaleState.SoldOut, snapshot.State);
        Assert.Equal(2, await redis.Db.StreamLengthAsync(Store.KeysFor(sale.SaleId).Outbox));
    }

    [Fact]
    public async Task A_shopper_at_the_limit_is_refused_and_nothing_is_taken()
    {
        var sale = await redis.CreateSaleAsync(stock: 10, limit: 2);

        Assert.Equal(PurchaseOutcome.Purchased, (await Store.BuyAsync(sale.SaleId, new("alice", "1"))).Outcome);
        Assert.Equal(PurchaseOutcome.Purchased, (await Store.BuyAsync(sale.SaleId, new("alice", "2"))).Outcome);
        var third = await Store.BuyAsync(sale.SaleId, new("alice", "3"));

        Assert.Equal(PurchaseOutcome.LimitReached, third.Outcome);
        Assert.Equal(8, (await Store.GetSnapshotAsync(sale.SaleId))!.Remaining);
        Assert.Equal(2, (int)await redis.Db.HashGetAsync(Store.KeysFor(sale.SaleId).UnitsPerShopper, "alice"));
        Assert.Equal(PurchaseOutcome.Purchased, (await Store.BuyAsync(sale.SaleId, new("bob", "3"))).Outcome);
    }

    [Fact]
    public async Task A_repeated_idempotency_key_returns_the_first_order_and_takes_nothing_more()
    {
        var sale = await redis.CreateSaleAsync(stock: 5, limit: 5);

        var first = await Store.BuyAsync(sale.SaleId, new("alice", "same"));
        var again = await Store.BuyAsync(sale.SaleId, new("alice", "same"));

        Assert.Equal(PurchaseOutcome.Purchased, first.Outcome);
        Assert.Equal(PurchaseOutcome.Replayed, again.Outcome);
        Assert.Equal(first.OrderId, again.OrderId);
        Assert.Equal(4, (await Store.GetSnapshotAsync(sale.SaleId))!.Remaining);
        Assert.Equal(1, await redis.Db.StreamLengthAsync(Store.KeysFor(sale.SaleId).Outbox));
    }

    [Fact]
    public async Task The_same_key_from_two_shoppers_is_two_requests()
    {
        var sale = await redis.CreateSaleAsync(stock: 5);

        var alice = await Store.BuyAsync(sale.SaleId, new("alice", "k"));
        var bob = await Store.BuyAsync(sale.SaleId, new("bob", "k"));

        Assert.Equal(PurchaseOutcome.Purchased, bob.Outcome);
        Assert.NotEqual(alice.OrderId, bob.OrderId);
    }

    [Fact]
    public async Task A_winning_request_replayed_after_sell_out_still_gets_its_order()
    {
        var sale = await redis.CreateSaleAsync(stock: 1);
        var won = await Store.BuyAsync(sale.SaleId, new("alice", "k"));
        Assert.Equal(PurchaseOutcome.SoldOut, (await Store.BuyAsync(sale.SaleId, new("bob", "k"))).Outcome);

        var replay = await Store.BuyAsync(sale.SaleId, new("alice", "k"));

        Assert.Equal(PurchaseOutcome.Replayed, replay.Outcome);
        Assert.Equal(won.OrderId, replay.OrderId);
    }

    [Theory]
    [InlineData(-2, -1, PurchaseOutcome.Closed, SaleState.Closed)]
    [InlineData(1, 2, PurchaseOutcome.NotOpen, SaleState.Scheduled)]
    public async Task Outside_its_window_a_sale_refuses_and_keeps_its_stock(int startsInHours, int endsInHours, PurchaseOutcome refusal, SaleState state)
    {
        var sale = await redis.CreateSaleAsync(stock: 3, startsIn: TimeSpan.FromHours(startsInHours), endsIn: TimeSpan.FromHours(endsInHours));

        var result = await Store.BuyAsync(sale.SaleId, new("alice", "k"));

        Assert.Equal(refusal, result.Outcome);
        var snapshot = await Store.GetSnapshotAsync(sale.SaleId);
        Assert.Equal(3, snapshot!.Remaining);
        Assert.Equal(state, snapshot.State);
    }

    [Fact]
    public async Task An_unknown_sale_is_reported_as_such()
    {
        var result = await Store.BuyAsync(Guid.NewGuid().ToString("N"), new("alice", "k"));

        Assert.Equal(PurchaseOutcome.UnknownSale, result.Outcome);
        Assert.Null(await Store.GetSnapshotAsync(Guid.NewGuid().ToString("N")));
    }

    [Fact]
    public async Task Creating_a_sale_twice_keeps_the_first()
    {
        var sale = await redis.CreateSaleAsync(stock: 3);
        await Store.BuyAsync(sale.SaleId, new("alice", "k"));

        Assert.False(await Store.CreateSaleAsync(sale with { Stock = 100 }));
        Assert.Equal(2, (await Store.GetSnapshotAsync(sale.SaleId))!.Remaining);
    }

    [Fact]
    public async Task Under_contention_every_unit_sold_has_exactly_one_outbox_entry_and_one_order()
    {
        var sale = await redis.CreateSaleAsync(stock: 50);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Store.BuyAsync(sale.SaleId, new($"shopper-{i}", "k"))));

        var won = results.Where(r => r.Outcome == PurchaseOutcome.Purchased).Select(r => r.OrderId!).ToList();
        Assert.Equal(50, won.Count);
        Assert.Equal(150, results.Count(r => r.Outcome == PurchaseOutcome.SoldOut));
        var entries = await redis.PeekOutboxAsync(sale.SaleId);
        Assert.Equal(won.Order(), entries.SelectMany(e => e.Orders).Select(o => o.OrderId).Order());
        Assert.Equal(50, entries.SelectMany(e => e.Orders).Select(o => o.ShopperId).Distinct().Count());
        foreach (var orderId in won)
        {
            Assert.NotNull(await Store.GetOrderAsync(sale.SaleId, orderId));
        }
    }

    [Fact]
    public async Task A_batch_is_served_in_order_each_purchase_exactly_as_if_it_ran_alone()
    {
        var sale = await redis.CreateSaleAsync(stock: 2);

        var replies = await Store.PurchaseAsync(sale.SaleId,
            [new("alice", "k1"), new("alice", "k2"), new("alice", "k1"), new("bob", "k"), new("carol", "k")]);

        Assert.Equal(
            [PurchaseOutcome.Purchased, PurchaseOutcome.LimitReached, PurchaseOutcome.Replayed, PurchaseOutcome.Purchased, PurchaseOutcome.SoldOut],
            replies.Select(r => r.Result.Outcome));
        Assert.Equal(replies[0].Result.OrderId, replies[2].Result.OrderId);
        // Every reply reports the pool as the whole batch left it, and the sale's counters are written once, at the end.
        Assert.All(replies, r => Assert.Equal(new StockCounts(0, 0), r.Counts));
        var snapshot = (await Store.GetSnapshotAsync(sale.SaleId))!;
        Assert.Equal((0, 2), (snapshot.Remaining, snapshot.Confirmed));
        // The batch's two orders leave in one outbox entry, in order, each with its shopper.
        var entry = Assert.Single(await redis.PeekOutboxAsync(sale.SaleId));
        Assert.Equal(
            [(replies[0].Result.OrderId, "alice"), (replies[3].Result.OrderId, "bob")],
            entry.Orders.Select(o => ((string?)o.OrderId, o.ShopperId)));
        Assert.Equal(sale.Sku, entry.Sku);
    }
}
