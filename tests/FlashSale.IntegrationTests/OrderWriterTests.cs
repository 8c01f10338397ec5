using FlashSale.Abstractions.Messages;
using FlashSale.Fulfillment;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.IntegrationTests;

/// <summary>
/// Fulfillment's store against a real PostgreSQL: the outbox relay delivers at least once, so a batch may arrive
/// again, whole or overlapping a newer one, and even while its first delivery is still being stored.
/// </summary>
public sealed class OrderWriterTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private OrderWriter Writer => engine.Host.Services.GetRequiredService<OrderWriter>();

    [Fact]
    public async Task A_redelivered_batch_stores_only_the_orders_not_stored_yet()
    {
        var saleId = Guid.NewGuid().ToString("N");
        var first = Batch(saleId, 1, 100);

        Assert.Equal(100, await Writer.InsertAsync(first, CancellationToken.None));
        Assert.Equal(0, await Writer.InsertAsync(first, CancellationToken.None));
        Assert.Equal(50, await Writer.InsertAsync(Batch(saleId, 51, 100), CancellationToken.None));

        var stored = await engine.Environment.StoredOrdersAsync(saleId);
        Assert.Equal(150, stored.Count);
        Assert.Equal(150, stored.Rows.Select(r => r.OrderId).Distinct().Count());
    }

    [Fact]
    public async Task The_same_batch_stored_twice_at_once_is_stored_once()
    {
        var saleId = Guid.NewGuid().ToString("N");
        var batch = Batch(saleId, 1, 2_000);

        var counts = await Task.WhenAll(Writer.InsertAsync(batch, CancellationToken.None), Writer.InsertAsync(batch, CancellationToken.None));

        Assert.Equal(2_000, counts.Sum());
        Assert.Equal(2_000, (await engine.Environment.StoredOrdersAsync(saleId)).Count);
    }

    private static OrdersConfirmed Batch(string saleId, int firstSeq, int count) =>
        new(saleId, "redmi-note", [.. Enumerable.Range(firstSeq, count).Select(seq => new ConfirmedOrder($"{saleId}-{seq}", $"shopper-{seq}", 1_700_000_000_000 + seq))]);
}
