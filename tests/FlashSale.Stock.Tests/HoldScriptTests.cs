using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Sales;

namespace FlashSale.Stock.Tests;

/// <summary>Holds, payments and lapses (purchase.lua, pay.lua, lapse.lua) on the real Redis.</summary>
public sealed class HoldScriptTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private StockStore Store => redis.Store;

    [Fact]
    public async Task A_won_unit_is_held_until_paid_and_only_the_payment_reaches_the_outbox()
    {
        var sale = await redis.CreateSaleAsync(stock: 3, paymentWindowSeconds: 60);

        var won = await Store.BuyAsync(sale.SaleId, new("alice", "k"));
        var held = await Store.GetSnapshotAsync(sale.SaleId);
        var outboxWhileHeld = await redis.PeekOutboxAsync(sale.SaleId);
        var paid = await Store.PayAsync(sale.SaleId, won.OrderId!, "alice");
        var paidSnapshot = await Store.GetSnapshotAsync(sale.SaleId);

        Assert.Equal((PurchaseOutcome.Purchased, OrderState.Held), (won.Outcome, won.State));
        Assert.InRange(won.PayBy!.Value, DateTimeOffset.UtcNow.AddSeconds(55), DateTimeOffset.UtcNow.AddSeconds(61));
        Assert.Equal((2, 1, 0), (held!.Remaining, held.Held, held.Confirmed));
        Assert.Empty(outboxWhileHeld);
        Assert.Equal(PaymentOutcome.Paid, paid.Result.Outcome);
        Assert.Equal((2, 0, 1), (paidSnapshot!.Remaining, paidSnapshot.Held, paidSnapshot.Confirmed));
        var entry = Assert.Single(await redis.PeekOutboxAsync(sale.SaleId));
        Assert.Equal(won.OrderId, Assert.Single(entry.Orders).OrderId);
        Assert.Equal(OrderState.Confirmed, (await Store.GetOrderAsync(sale.SaleId, won.OrderId!))!.State);
    }

    [Fact]
    public async Task Paying_twice_or_for_someone_else_or_for_nothing_changes_nothing()
    {
        var sale = await redis.CreateSaleAsync(stock: 3, paymentWindowSeconds: 60);
        var won = await Store.BuyAsync(sale.SaleId, new("alice", "k"));

        var byBob = await Store.PayAsync(sale.SaleId, won.OrderId!, "bob");
        var first = await Store.PayAsync(sale.SaleId, won.OrderId!, "alice");
        var second = await Store.PayAsync(sale.SaleId, won.OrderId!, "alice");
        var unknown = await Store.PayAsync(sale.SaleId, sale.SaleId + "-99", "alice");

        Assert.Equal(PaymentOutcome.NotOwner, byBob.Result.Outcome);
        Assert.Equal(PaymentOutcome.Paid, first.Result.Outcome);
        Assert.Equal(PaymentOutcome.AlreadyPaid, second.Result.Outcome);
        Assert.Equal(first.Result.At, second.Result.At);
        Assert.Equal(PaymentOutcome.OrderNotFound, unknown.Result.Outcome);
        var snapshot = await Store.GetSnapshotAsync(sale.SaleId);
        Assert.Equal((2, 0, 1), (snapshot!.Remaining, snapshot.Held, snapshot.Confirmed));
        Assert.Single(await redis.PeekOutboxAsync(sale.SaleId));
    }

    [Fact]
    public async Task A_lapsed_hold_returns_its_unit_frees_the_shoppers_slot_and_refuses_a_late_payment()
    {
        var sale = await redis.CreateSaleAsync(stock: 1, limit: 1, paymentWindowSeconds: 1);
        var won = await Store.BuyAsync(sale.SaleId, new("alice", "k1"));
        Assert.Equal(PurchaseOutcome.SoldOut, (await Store.BuyAsync(sale.SaleId, new("bob", "k"))).Outcome);

        await Task.Delay(1_100);
        var lapse = await Store.LapseDueHoldsAsync(sale.SaleId, 100);
        var late = await Store.PayAsync(sale.SaleId, won.OrderId!, "alice");
        var again = await Store.BuyAsync(sale.SaleId, new("alice", "k2"));

        Assert.Equal(new LapseReply(1, new StockCounts(1, 0)), lapse);
        Assert.Equal(PaymentOutcome.HoldExpired, late.Result.Outcome);
        Assert.Equal(PurchaseOutcome.Purchased, again.Outcome); // the lapse gave alice her slot back
        var lapsed = Assert.Single(await redis.PeekOutboxAsync(sale.SaleId), e => e.Lapse is not null);
        Assert.Equal((won.OrderId, "alice"), (lapsed.Lapse!.OrderId, lapsed.Lapse.ShopperId));
        Assert.Equal(OrderState.Lapsed, (await Store.GetOrderAsync(sale.SaleId, won.OrderId!))!.State);
    }

    [Fact]
    public async Task A_payment_after_pay_by_lapses_the_hold_itself_even_before_any_sweep()
    {
        var sale = await redis.CreateSaleAsync(stock: 2, paymentWindowSeconds: 1);
        var won = await Store.BuyAsync(sale.SaleId, new("alice", "k"));

        await Task.Delay(1_100);
        var late = await Store.PayAsync(sale.SaleId, won.OrderId!, "alice");

        Assert.Equal(PaymentOutcome.HoldExpired, late.Result.Outcome);
        Assert.Equal(new StockCounts(2, 0), late.Counts);
        Assert.Equal(new LapseReply(0, new StockCounts(2, 0)), await Store.LapseDueHoldsAsync(sale.SaleId, 100));
    }

    [Fact]
    public async Task Payments_racing_the_lapse_sweep_settle_each_hold_exactly_once()
    {
        const int Holds = 200;
        var sale = await redis.CreateSaleAsync(stock: Holds, limit: 1, paymentWindowSeconds: 1);
        var won = await Task.WhenAll(Enumerable.Range(0, Holds).Select(i => Store.BuyAsync(sale.SaleId, new($"s{i}", "k"))));
        var payBy = won.Max(w => w.PayBy!.Value);

        // Fire payments and sweeps across pay_by, so that some payments land just before it and some just after.
        await Task.Delay(payBy - DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(15));
        var payments = won.Select((w, i) => Store.PayAsync(sale.SaleId, w.OrderId!, $"s{i}")).ToArray();
        var sweeps = Enumerable.Range(0, 20).Select(async _ => { await Task.Delay(Random.Shared.Next(30)); return await Store.LapseDueHoldsAsync(sale.SaleId, 50); }).ToArray();
        var paid = await Task.WhenAll(payments);
        await Task.WhenAll(sweeps);
        await Store.LapseDueHoldsAsync(sale.SaleId, Holds);

        var confirmed = paid.Count(p => p.Result.Outcome == PaymentOutcome.Paid);
        var entries = await redis.PeekOutboxAsync(sale.SaleId);
        var snapshot = await Store.GetSnapshotAsync(sale.SaleId);
        Assert.All(paid, p => Assert.Contains(p.Result.Outcome, new[] { PaymentOutcome.Paid, PaymentOutcome.HoldExpired }));
        Assert.Equal(confirmed, entries.Sum(e => e.Orders.Count));
        Assert.Equal(Holds - confirmed, entries.Count(e => e.Lapse is not null));
        Assert.Equal(Holds, entries.SelectMany(e => e.Lapse is { } lapse ? [lapse.OrderId] : e.Orders.Select(o => o.OrderId)).Distinct().Count());
        Assert.Equal((Holds - confirmed, 0, confirmed), (snapshot!.Remaining, snapshot.Held, snapshot.Confirmed));
    }

    [Fact]
    public async Task Sessions_run_in_turn_each_with_its_own_stock_and_the_unsold_are_withdrawn()
    {
        var now = DateTimeOffset.UtcNow;
        var sale = await redis.CreateAsync(new SaleDefinition(Guid.NewGuid().ToString("N"), "sku", "Festival phone", 8, 0, 5,
            now.AddMinutes(-1), now.AddHours(1), 0)
        {
            Sessions = [new(now.AddMinutes(-1), now.AddSeconds(1), 3), new(now.AddSeconds(2), now.AddHours(1), 5)],
        });

        Assert.Equal(PurchaseOutcome.Purchased, (await Store.BuyAsync(sale.SaleId, new("alice", "1"))).Outcome);
        Assert.Equal(1, await Store.AdvanceSessionAsync(sale.SaleId)); // session 1 still running: nothing moves
        await WaitUntilAsync(now.AddSeconds(1.05));
        var between = await Store.GetSnapshotAsync(sale.SaleId);
        Assert.Equal(PurchaseOutcome.Closed, (await Store.BuyAsync(sale.SaleId, new("alice", "2"))).Outcome);
        var advanced = await Store.AdvanceSessionAsync(sale.SaleId);
        var again = await Store.AdvanceSessionAsync(sale.SaleId);
        var scheduled = await Store.GetSnapshotAsync(sale.SaleId);
        await WaitUntilAsync(now.AddSeconds(2.05));
        var bought = await Store.BuyAsync(sale.SaleId, new("alice", "3"));
        var open = await Store.GetSnapshotAsync(sale.SaleId);

        Assert.Equal((1, SaleState.Scheduled), (between!.Session, between.State)); // ended, the next session to come
        Assert.Equal((2, 2), (advanced, again));
        Assert.Equal((2, 8, 5, 2, 1), (scheduled!.Session, scheduled.OnSale, scheduled.Remaining, scheduled.Withdrawn, scheduled.Confirmed));
        Assert.Equal(PurchaseOutcome.Purchased, bought.Outcome);
        Assert.Equal((SaleState.Open, 4, 2), (open!.State, open.Remaining, open.Confirmed));
        Assert.Equal(open.OnSale, open.Confirmed + open.Held + open.Remaining + open.Withdrawn);
    }

    private static async Task WaitUntilAsync(DateTimeOffset moment)
    {
        while (DateTimeOffset.UtcNow < moment)
        {
            await Task.Delay(20);
        }
    }
}
