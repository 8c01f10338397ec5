using FlashSale.Abstractions.Purchases;
using FlashSale.Testing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Stock.Tests;

/// <summary>Purchases gathered into shared scripts against the real Redis.</summary>
public sealed class ScriptBatcherTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Purchases_that_gather_while_a_script_is_in_flight_are_served_in_the_order_they_came()
    {
        var sale = await redis.CreateSaleAsync(stock: 100);
        // The first script waits until every purchase has been sent, so none can return early and leave a part batch.
        var allSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batcher = new ScriptBatcher<PurchaseRequest, PurchaseReply>("purchase.lua", async (batch, _) =>
        {
            await allSent.Task;
            return await redis.Store.PurchaseAsync(sale.SaleId, batch);
        }, maxPerScript: 16, maxScriptsInFlight: 1);

        // Run once first, so Redis has the script cached and the count below is of purchase scripts alone.
        await redis.Store.PurchaseAsync((await redis.CreateSaleAsync(stock: 1)).SaleId, [new("warm-up", "k")]);
        var operationsBefore = Operations();

        // Started one after the other: the first leaves alone, the rest wait for it and leave 16 at a time.
        var purchases = Enumerable.Range(0, 300).Select(i => batcher.SendAsync(new($"shopper-{i}", "k"))).ToList();
        allSent.SetResult();
        var replies = await Task.WhenAll(purchases);

        Assert.InRange(Operations() - operationsBefore, 1 + 299 / 16, 1 + 299 / 16 + 1);
        Assert.Equal(Enumerable.Range(0, 100), replies.Index().Where(r => r.Item.Result.Succeeded).Select(r => r.Index));
        Assert.All(replies.Skip(100), r => Assert.Equal(PurchaseOutcome.SoldOut, r.Result.Outcome));
        Assert.Equal(100, replies.Select(r => r.Result.OrderId).Distinct().Count(id => id is not null));
        Assert.Equal(0, (await redis.Store.GetSnapshotAsync(sale.SaleId))!.Remaining);
    }

    private long Operations() => redis.Redis.GetCounters().Interactive.OperationCount;

    [Fact]
    public async Task When_the_script_cannot_be_sent_every_purchase_waiting_on_it_fails()
    {
        var sale = await redis.CreateSaleAsync(stock: 10);
        var closed = await ConnectionMultiplexer.ConnectAsync(redis.Redis.Configuration);
        await closed.CloseAsync();
        var store = new StockStore(closed, Options.Create(new RedisOptions()), new StockMetrics(TestMeters.Factory));
        var batcher = new ScriptBatcher<PurchaseRequest, PurchaseReply>("purchase.lua", (batch, _) => store.PurchaseAsync(sale.SaleId, batch), 16, 1);

        var purchases = Enumerable.Range(0, 5).Select(i => batcher.SendAsync(new($"shopper-{i}", "k"))).ToList();

        foreach (var purchase in purchases)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => purchase);
        }
        Assert.Equal(10, (await redis.Store.GetSnapshotAsync(sale.SaleId))!.Remaining);
    }
}
