using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Sales;
using FlashSale.Stock.Retirement;
using Microsoft.Extensions.Options;

namespace FlashSale.Stock.Tests;

public sealed class SaleRetirementTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private StockStore Store => redis.Store;

    [Fact]
    public async Task A_retired_sale_keeps_its_counts_and_orders_and_frees_everything_that_grew_with_its_crowd()
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

        var outcome = await Retirement.RetireAsync(sale.SaleId, sale.SettlesBy);

        Assert.Equal(RetirementOutcome.Retired, outcome);
        var after = await Store.GetSnapshotAsync(sale.SaleId);
        Assert.Equal(before! with { Now = default }, after! with { Now = default });
        Assert.Equal(3, after.Registrations);
        Assert.Equal("alice", (await Store.GetOrderAsync(sale.SaleId, bought.OrderId!))?.ShopperId);
        Assert.Equal("dave", (await Store.GetOrderAsync(sale.SaleId, redeemed.OrderId!))?.ShopperId);
        var keys = Store.KeysFor(sale.SaleId);
        Assert.Equal(0, await redis.Db.KeyExistsAsync([
            keys.Registered, keys.Idempotency, keys.UnitsPerShopper, keys.HoldDeadlines, keys.Outbox, keys.FcodeIndex, keys.Fcode("CODE1"), keys.Fcode("CODE2")]));
        Assert.DoesNotContain(sale.SaleId, await Retirement.ListSettledByAsync(DateTimeOffset.MaxValue));
        Assert.DoesNotContain(sale.SaleId, await redis.Outbox.ListSalesWithEntriesAsync());
        // The id stays taken: a sale created again under it would write orders PostgreSQL already holds.
        Assert.False(await Store.CreateSaleAsync(sale));
        Assert.Equal(RetirementOutcome.NotDue, await Retirement.RetireAsync(sale.SaleId, sale.SettlesBy));
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

    private SaleRetirement Retirement => new(redis.Redis, redis.Fcodes, Options.Create(new RedisOptions { KeyPrefix = redis.Prefix }));

    /// <summary>What a relay does once RabbitMQ has the entries.</summary>
    private async Task DrainOutboxAsync(string saleId)
    {
        var entries = await redis.Outbox.ReadAsync(saleId, "relay", 10_000, OutboxSource.New);
        await redis.Outbox.AcknowledgeAsync(saleId, entries);
    }
}
