using System.Collections.Concurrent;
using FlashSale.Stock.Retirement;

namespace FlashSale.Stock.Tests;

/// <summary>
/// Keeps what a retirement hands the archive, so these tests see exactly what left Redis for it. PostgreSQL's
/// archive is tested on the real server in FlashSale.IntegrationTests.
/// </summary>
internal sealed class ArchiveInMemory : IOrderArchive
{
    public ConcurrentDictionary<string, ArchivedOrder> Orders { get; } = new();

    /// <summary>Runs while a batch is being archived: a test's way to act in the middle of a retirement.</summary>
    public Func<Task>? WhileArchiving { get; set; }

    public async Task ArchiveAsync(IReadOnlyCollection<ArchivedOrder> orders, CancellationToken cancellationToken)
    {
        if (WhileArchiving is { } act)
        {
            await act();
        }
        foreach (var order in orders)
        {
            Orders.TryAdd(order.Order.OrderId, order);
        }
    }

    public Task<StockOrder?> FindAsync(string orderId, CancellationToken cancellationToken) =>
        Task.FromResult(Orders.GetValueOrDefault(orderId)?.Order);

    public Task<StockOrder?> FindByIdempotencyKeyAsync(string saleId, string shopperId, string idempotencyKey, CancellationToken cancellationToken) =>
        Task.FromResult(Orders.Values.FirstOrDefault(a =>
            a.Order.SaleId == saleId && a.Order.ShopperId == shopperId && a.IdempotencyKey == idempotencyKey)?.Order);
}
