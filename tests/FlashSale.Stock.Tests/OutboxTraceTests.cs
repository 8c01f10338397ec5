using System.Diagnostics;

namespace FlashSale.Stock.Tests;

/// <summary>
/// The traces a request keeps reach its order's outbox entry, in each script that confirms orders, so the relay
/// can carry them on into fulfillment; and the entries of untraced requests, nearly all of them, carry none.
/// </summary>
public sealed class OutboxTraceTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const string Alice = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private const string Bob = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private StockStore Store => redis.Store;

    [Fact]
    public async Task A_purchase_batch_leaves_its_kept_traces_with_its_orders_and_an_untraced_batch_none()
    {
        var sale = await redis.CreateSaleAsync(stock: 5);

        await Store.PurchaseAsync(sale.SaleId, [new("alice", "k"), new("bob", "k"), new("carol", "k")], $"{Alice} {Bob}");
        await Store.PurchaseAsync(sale.SaleId, [new("dave", "k")]);

        var entries = await redis.PeekOutboxAsync(sale.SaleId);
        Assert.Equal($"{Alice} {Bob}", entries[0].Traces);
        Assert.Equal(["alice", "bob", "carol"], entries[0].Orders.Select(o => o.ShopperId));
        Assert.Null(entries[1].Traces);
        Assert.Equal("dave", Assert.Single(entries[1].Orders).ShopperId);
    }

    [Fact]
    public async Task A_relay_of_an_older_build_cannot_misread_a_traced_entry_as_orders()
    {
        var sale = await redis.CreateSaleAsync(stock: 5);
        await Store.PurchaseAsync(sale.SaleId, [new("alice", "k")], Alice);

        // Builds before traces crossed the outbox read confirmed_ms fourth and the orders from the fifth field on. The
        // trace sits fourth, so such a relay fails on the entry (which a newer relay then claims) instead of storing
        // an order named 'trace'.
        var values = Assert.Single(await redis.Db.StreamRangeAsync(Store.KeysFor(sale.SaleId).Outbox)).Values;
        Assert.Equal("trace", values[3].Name);
        Assert.Throws<InvalidCastException>(() => (long)values[3].Value);
    }

    [Fact]
    public async Task A_redemption_batch_leaves_its_kept_traces_with_its_orders_and_codes()
    {
        var sale = await redis.CreateSaleAsync(stock: 5, fcodeStock: 2);
        await redis.Fcodes.LoadAsync(sale.SaleId, [new("CODE1", "alice", null), new("CODE2", "bob", null)]);

        await Store.RedeemFcodesAsync(sale.SaleId, [new("alice", "k", "CODE1"), new("bob", "k", "CODE2")], Alice);

        var entry = Assert.Single(await redis.PeekOutboxAsync(sale.SaleId));
        Assert.Equal(Alice, entry.Traces);
        Assert.Equal([("alice", "CODE1"), ("bob", "CODE2")], entry.Orders.Select(o => (o.ShopperId, o.Fcode)));
    }

    [Fact]
    public async Task A_payment_leaves_its_trace_with_the_order_it_confirms_when_the_trace_is_kept()
    {
        var sale = await redis.CreateSaleAsync(stock: 5, limit: 2, paymentWindowSeconds: 60);
        var traced = await Store.BuyAsync(sale.SaleId, new("alice", "k1"));
        var untraced = await Store.BuyAsync(sale.SaleId, new("alice", "k2"));

        string? kept;
        using (var payment = new Activity("pay").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            payment.ActivityTraceFlags = ActivityTraceFlags.Recorded;
            kept = payment.Id;
            await Store.PayAsync(sale.SaleId, traced.OrderId!, "alice");
        }
        await Store.PayAsync(sale.SaleId, untraced.OrderId!, "alice");

        var entries = await redis.PeekOutboxAsync(sale.SaleId);
        Assert.Equal([traced.OrderId, untraced.OrderId], entries.Select(e => Assert.Single(e.Orders).OrderId));
        Assert.Equal([kept, null], entries.Select(e => e.Traces));
    }
}
