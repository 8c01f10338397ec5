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
    public async Task Archived_orders_read_back_as_Redis_recorded_them_and_archiving_again_changes_nothing()
    {
        var saleId = Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.FromUnixTimeMilliseconds(1_765_000_000_123);
        StockOrder[] orders =
        [
            new($"{saleId}-1", saleId, "alice", OrderState.Confirmed, created, null, created, null),
            new($"{saleId}-2", saleId, "bob", OrderState.Confirmed, created, created.AddMinutes(15), created.AddMinutes(3).AddMilliseconds(7), "FC-1|x"),
            new($"{saleId}-3", saleId, "carol", OrderState.Lapsed, created, created.AddMinutes(15), created.AddMinutes(15).AddMilliseconds(1), null),
        ];

        await Archive.ArchiveAsync(orders, CancellationToken.None);
        await Archive.ArchiveAsync([orders[1] with { ShopperId = "mallory" }, orders[2]], CancellationToken.None);

        foreach (var order in orders)
        {
            Assert.Equal(order, await Archive.FindAsync(order.OrderId, CancellationToken.None));
        }
        Assert.Null(await Archive.FindAsync($"{saleId}-4", CancellationToken.None));
    }
}
