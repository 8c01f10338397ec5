using FlashSale.Abstractions.Purchases;
using FlashSale.Stock;
using FlashSale.Stock.Retirement;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.IntegrationTests;

/// <summary>The archive of retired sales' orders against a real PostgreSQL: it gives back what Redis recorded.</summary>
public sealed class RetiredOrderArchiveTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private IOrderArchive Archive => engine.Host.Services.GetRequiredService<IOrderArchive>();

    [Fact]
    public async Task Archived_orders_read_back_as_Redis_recorded_them_by_id_or_by_the_key_that_bought_them_and_archiving_again_changes_nothing()
    {
        var saleId = Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.FromUnixTimeMilliseconds(1_765_000_000_123);
        ArchivedOrder[] orders =
        [
            new(new($"{saleId}-1", saleId, "alice", OrderState.Confirmed, created, null, created, null), "k1"),
            new(new($"{saleId}-2", saleId, "bob", OrderState.Confirmed, created, created.AddMinutes(15), created.AddMinutes(3).AddMilliseconds(7), "FC-1|x"), "k1"),
            new(new($"{saleId}-3", saleId, "carol", OrderState.Lapsed, created, created.AddMinutes(15), created.AddMinutes(15).AddMilliseconds(1), null), null),
        ];

        await Archive.ArchiveAsync(orders, CancellationToken.None);
        await Archive.ArchiveAsync([orders[1] with { Order = orders[1].Order with { ShopperId = "mallory" } }, orders[2] with { IdempotencyKey = "k3" }],
            CancellationToken.None);

        foreach (var order in orders)
        {
            Assert.Equal(order.Order, await Archive.FindAsync(order.Order.OrderId, CancellationToken.None));
        }
        Assert.Null(await Archive.FindAsync($"{saleId}-4", CancellationToken.None));
        Assert.Equal(orders[0].Order, await Archive.FindByIdempotencyKeyAsync(saleId, "alice", "k1", CancellationToken.None));
        Assert.Equal(orders[1].Order, await Archive.FindByIdempotencyKeyAsync(saleId, "bob", "k1", CancellationToken.None));
        Assert.Null(await Archive.FindByIdempotencyKeyAsync(saleId, "alice", "k2", CancellationToken.None));
        Assert.Null(await Archive.FindByIdempotencyKeyAsync(saleId, "mallory", "k1", CancellationToken.None));
        Assert.Null(await Archive.FindByIdempotencyKeyAsync(saleId, "carol", "k3", CancellationToken.None));
        Assert.Null(await Archive.FindByIdempotencyKeyAsync(Guid.NewGuid().ToString("N"), "alice", "k1", CancellationToken.None));
    }
}
