using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Sales;
using FlashSale.Stock.Retirement;
using Microsoft.Extensions.Options;

namespace FlashSale.Stock.Tests;

public sealed class SaleRetirementTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private StockStore Store => redis.Store;

    [Fact]
    public async Task A_retired_sale_keeps_its_counts_archives_its_orders_and_frees_everything_that_grew_with_its_crowd()
    {
        var sale = await redis.CreateSaleAsync(stock: 5, fcodeStock: 1, startsIn: TimeSpan.FromMilliseconds(500), requiresRegistration: true);
        foreach (var shopper in new[] { "alice", "bob", "carol" })
        {
            Assert.Equal(RegistrationOutcome.Registered, await Store.RegisterAsync(sale.SaleId, shopper));
        }
        await redis.Fcodes.LoadAsync(sale.SaleId, [new("CODE1", "dave", null), new("CODE2", "erin", null)]);
        await Task.Delay(sale.StartsAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(50));
        var bought = await Store.BuyAsync(sale.SaleId, new("alice", "k"));
        var redeemed = await Store.RedeemAsync(sale.SaleId, new("dave", "k", "CODE1"));
        Assert.Equal(PurchaseOutcome.Purchased, bought.Outcome);
        Assert.Equal(PurchaseOutcome.Purchased, redeemed.Outcome);
        await DrainOutboxAsync(sale.SaleId);
        var before = await Store.GetSnapshotAsync(sale.SaleId);
        StockOrder[] orders = [(await Store.GetOrderAsync(sale.SaleId, bought.OrderId!))!, (await Store.GetOrderAsync(sale.SaleId, redeemed.OrderId!))!];
        Assert.False(await Store.IsRetiredAsync(sale.SaleId));
        Assert.Equal(2, (await Store.LoadOrdersByIdempotencyFieldAsync(sale.SaleId))?.Count);
        Assert.Null(await Finder.AnswerRetiredAsync(sale.SaleId, "alice", "k", null, CancellationToken.None));

        var outcome = await Retirement.RetireAsync(sale.SaleId, sale.SettlesBy);

        Assert.Equal(RetirementOutcome.Retired, outcome);
        var after = await Store.GetSnapshotAsync(sale.SaleId);
        Assert.Equal(before! with { Now = default }, after! with { Now = default });
        Assert.Equal(3, after.Registrations);
        Assert.True(await Store.IsRetiredAsync(sale.SaleId));
        Assert.Equal(orders.Select(o => new ArchivedOrder(o, "k")), _archive.Orders.Values.OrderBy(a => a.Order.OrderId));
        // The grain's sold-out answers cannot replay from Redis any more; the API turns to the archive.
        Assert.Null(await Store.LoadOrdersByIdempotencyFieldAsync(sale.SaleId));
        Assert.Equal(orders[1], await Finder.FindAsync(sale.SaleId, redeemed.OrderId!, CancellationToken.None));
        var keys = Store.KeysFor(sale.SaleId);
        Assert.Equal(0, await redis.Db.KeyExistsAsync([
            keys.Orders, keys.Registered, keys.Idempotency, keys.UnitsPerShopper, keys.HoldDeadlines, keys.Outbox, keys.FcodeIndex,
            keys.Fcode("CODE1"), keys.Fcode("CODE2")]));
        Assert.Null(await redis.Fcodes.FindSaleAsync("CODE1"));
        Assert.DoesNotContain(sale.SaleId, await Retirement.ListSettledByAsync(DateTimeOffset.MaxValue));
        Assert.DoesNotContain(sale.SaleId, await redis.Outbox.ListSalesWithEntriesAsync());
        // The id stays taken: a sale created again under it would write orders PostgreSQL already holds.
        Assert.False(await Store.CreateSaleAsync(sale));
        Assert.Equal(RetirementOutcome.NotDue, await Retirement.RetireAsync(sale.SaleId, sale.SettlesBy));
    }

    [Fact]
    public async Task A_retired_sale_answers_a_retry_with_the_order_it_made_as_the_scripts_did_and_anything_else_as_closed()
    {
        var sale = await redis.CreateSaleAsync(stock: 2, fcodeStock: 1);
        await redis.Fcodes.LoadAsync(sale.SaleId, [new("CODE1", "dave", null)]);
        var bought = await Store.BuyAsync(sale.SaleId, new("alice", "k"));
        var redeemed = await Store.RedeemAsync(sale.SaleId, new("dave", "k", "CODE1"));
        await DrainOutboxAsync(sale.SaleId);
        PurchaseResult[] before =
        [
            await Store.BuyAsync(sale.SaleId, new("alice", "k")),
            await Store.RedeemAsync(sale.SaleId, new("dave", "k", "CODE1")),
            await Store.BuyAsync(sale.SaleId, new("dave", "k")),
            await Store.RedeemAsync(sale.SaleId, new("alice", "k", "CODE1")),
        ];

        Assert.Equal(RetirementOutcome.Retired, await Retirement.RetireAsync(sale.SaleId, sale.SettlesBy));

        Assert.Equal([PurchaseOutcome.Replayed, PurchaseOutcome.Replayed, PurchaseOutcome.IdempotencyKeyReused, PurchaseOutcome.IdempotencyKeyReused],
            before.Select(r => r.Outcome));
        Assert.Equal((bought.OrderId, redeemed.OrderId), (before[0].OrderId, before[1].OrderId));
        Assert.Equal(before, (PurchaseResult?[])[
            await Finder.AnswerRetiredAsync(sale.SaleId, "alice", "k", null, CancellationToken.None),
            await Finder.AnswerRetiredAsync(sale.SaleId, "dave", "k", "CODE1", CancellationToken.None),
            await Finder.AnswerRetiredAsync(sale.SaleId, "dave", "k", null, CancellationToken.None),
            await Finder.AnswerRetiredAsync(sale.SaleId, "alice", "k", "CODE1", CancellationToken.None),
        ]);
        Assert.Equal(PurchaseOutcome.Closed, (await Finder.AnswerRetiredAsync(sale.SaleId, "alice", "other", null, CancellationToken.None))?.Outcome);
        Assert.Equal(PurchaseOutcome.Closed, (await Finder.AnswerRetiredAsync(sale.SaleId, "erin", "k", "CODE1", CancellationToken.None))?.Outcome);
    }

    [Fact]
    public async Task A_retired_sale_answers_payments_of_its_settled_orders_as_pay_lua_did()
    {
        var sale = await redis.CreateSaleAsync(stock: 2, paymentWindowSeconds: 1);
        var paid = (await Store.BuyAsync(sale.SaleId, new("alice", "k"))).OrderId!;
        var lapsed = (await Store.BuyAsync(sale.SaleId, new("bob", "k"))).OrderId!;
        Assert.Equal(PaymentOutcome.Paid, (await Store.PayAsync(sale.SaleId, paid, "alice")).Result.Outcome);
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        // Paying after the deadline lapses the hold; from then on pay.lua answers from the settled record.
        Assert.Equal(PaymentOutcome.HoldExpired, (await Store.PayAsync(sale.SaleId, lapsed, "bob")).Result.Outcome);
        (string OrderId, string ShopperId)[] payments = [(paid, "alice"), (lapsed, "bob"), (paid, "bob"), (lapsed, "alice")];
        var before = new List<PaymentResult>();
        foreach (var (orderId, shopperId) in payments)
        {
            before.Add((await Store.PayAsync(sale.SaleId, orderId, shopperId)).Result);
        }
        await DrainOutboxAsync(sale.SaleId);

        Assert.Equal(RetirementOutcome.Retired, await Retirement.RetireAsync(sale.SaleId, sale.SettlesBy));

        Assert.Equal(PaymentOutcome.OrderNotFound, (await Store.PayAsync(sale.SaleId, paid, "alice")).Result.Outcome);
        var after = new List<PaymentResult>();
        foreach (var (orderId, shopperId) in payments)
        {
            after.Add((await Finder.FindAsync(sale.SaleId, orderId, CancellationToken.None))!.PaymentAnswerFor(shopperId));
        }
        Assert.Equal(before, after);
        Assert.Equal([PaymentOutcome.AlreadyPaid, PaymentOutcome.HoldExpired, PaymentOutcome.NotOwner, PaymentOutcome.NotOwner],
            after.Select(a => a.Outcome));
    }

    [Fact]
    public async Task A_sale_is_kept_until_it_settled_before_the_cut_off_and_its_outbox_is_empty()
    {
        var sale = await redis.CreateSaleAsync(stock: 2, fcodeStock: 1);
        await redis.Fcodes.LoadAsync(sale.SaleId, [new("CODE1", "dave", null)]);
        await Store.BuyAsync(sale.SaleId, new("alice", "k"));

        Assert.Equal(RetirementOutcome.NotDue, await Retirement.RetireAsync(sale.SaleId, sale.SettlesBy.AddMilliseconds(-1)));
        Assert.Equal(RetirementOutcome.OutboxPending, await Retirement.RetireAsync(sale.SaleId, sale.SettlesBy));
        Assert.Contains(sale.SaleId, await Retirement.ListSettledByAsync(sale.SettlesBy));
        Assert.NotNull(await redis.Fcodes.GetAsync(sale.SaleId, "CODE1"));
        Assert.True(await redis.Db.KeyExistsAsync(Store.KeysFor(sale.SaleId).Idempotency));

        await DrainOutboxAsync(sale.SaleId);

        Assert.Equal(RetirementOutcome.Retired, await Retirement.RetireAsync(sale.SaleId, sale.SettlesBy));
        Assert.Null(await redis.Fcodes.GetAsync(sale.SaleId, "CODE1"));
    }

    [Fact]
    public async Task A_sale_with_an_unsettled_hold_is_kept()
    {
        var sale = await redis.CreateSaleAsync(stock: 2, paymentWindowSeconds: 60);
        Assert.Equal(PurchaseOutcome.Purchased, (await Store.BuyAsync(sale.SaleId, new("alice", "k"))).Outcome);
        // A held unit has written nothing to the outbox yet: its payment or its lapse will.
        Assert.Equal(0, await redis.Db.StreamLengthAsync(Store.KeysFor(sale.SaleId).Outbox));

        Assert.Equal(RetirementOutcome.HoldsPending, await Retirement.RetireAsync(sale.SaleId, sale.SettlesBy));
        Assert.True(await redis.Db.KeyExistsAsync(Store.KeysFor(sale.SaleId).HoldDeadlines));
    }

    [Fact]
    public async Task A_sale_whose_orders_change_while_they_are_archived_is_kept_and_archived_whole_next_time()
    {
        var sale = await redis.CreateSaleAsync(stock: 2);
        Assert.Equal(PurchaseOutcome.Purchased, (await Store.BuyAsync(sale.SaleId, new("alice", "k"))).Outcome);
        await DrainOutboxAsync(sale.SaleId);
        // Settled sales take no more orders, so the script's check stands in for a race no script can start: an
        // order written by hand between the archive's read and the deletion.
        _archive.WhileArchiving = async () =>
        {
            _archive.WhileArchiving = null;
            await redis.Db.HashSetAsync(Store.KeysFor(sale.SaleId).Orders, "late", "confirmed|1|0|1||bob");
        };

        Assert.Equal(RetirementOutcome.OrdersChanged, await Retirement.RetireAsync(sale.SaleId, sale.SettlesBy));
        Assert.Single(_archive.Orders);
        Assert.Equal("k", _archive.Orders.Values.Single().IdempotencyKey);
        Assert.Equal(2, await redis.Db.HashLengthAsync(Store.KeysFor(sale.SaleId).Orders));

        Assert.Equal(RetirementOutcome.Retired, await Retirement.RetireAsync(sale.SaleId, sale.SettlesBy));
        Assert.Equal(2, _archive.Orders.Count);
        Assert.Equal("bob", (await Finder.FindAsync(sale.SaleId, "late", CancellationToken.None))?.ShopperId);
        Assert.Null(_archive.Orders["late"].IdempotencyKey);
    }

    [Fact]
    public async Task A_sale_whose_orders_cannot_be_archived_keeps_them_in_Redis()
    {
        var sale = await redis.CreateSaleAsync(stock: 2);
        var bought = await Store.BuyAsync(sale.SaleId, new("alice", "k"));
        await DrainOutboxAsync(sale.SaleId);
        _archive.WhileArchiving = () => throw new IOException("PostgreSQL is away");

        await Assert.ThrowsAsync<IOException>(() => Retirement.RetireAsync(sale.SaleId, sale.SettlesBy));

        Assert.False(await Store.IsRetiredAsync(sale.SaleId));
        Assert.Equal("alice", (await Finder.FindAsync(sale.SaleId, bought.OrderId!, CancellationToken.None))?.ShopperId);
        Assert.True(await redis.Db.KeyExistsAsync(Store.KeysFor(sale.SaleId).Idempotency));
        Assert.Contains(sale.SaleId, await Retirement.ListSettledByAsync(sale.SettlesBy));
    }

    [Fact]
    public async Task A_registry_entry_whose_sale_hash_is_gone_is_retired_without_writing_a_new_one()
    {
        var sale = await redis.CreateSaleAsync(stock: 2);
        var keys = Store.KeysFor(sale.SaleId);
        await redis.Db.KeyDeleteAsync(keys.Sale);

        Assert.Equal(RetirementOutcome.Retired, await Retirement.RetireAsync(sale.SaleId, sale.SettlesBy));

        Assert.False(await redis.Db.KeyExistsAsync(keys.Sale));
        Assert.DoesNotContain(sale.SaleId, await Retirement.ListSettledByAsync(DateTimeOffset.MaxValue));
    }

    private readonly ArchiveInMemory _archive = new();

    private SaleRetirement Retirement => new(redis.Redis, redis.Fcodes, _archive, Options.Create(new RedisOptions { KeyPrefix = redis.Prefix }));

    private OrderFinder Finder => new(Store, _archive);

    /// <summary>What a relay does once RabbitMQ has the entries.</summary>
    private async Task DrainOutboxAsync(string saleId)
    {
        var entries = await redis.Outbox.ReadAsync(saleId, "relay", 10_000, OutboxSource.New);
        await redis.Outbox.AcknowledgeAsync(saleId, entries);
    }
}
