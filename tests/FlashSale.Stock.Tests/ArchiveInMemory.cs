using System.Collections.Concurrent;
using FlashSale.Stock.Retirement;

namespace FlashSale.Stock.Tests;

/// <summary>
/// Keeps what a retirement hands the archive, so these tests see exactly what left Redis for it. PostgreSQL's
/// archive is tested on the real server in FlashSale.IntegrationTests.
/// </summary>
internal sealed class ArchiveInMemory : IOrderArchive
{
    public ConcurrentDictionary<string, StockOrder> Orders { get; } = new();

    /// <summary>Runs while a batch is being archived: a test's way to act in the middle of a retirement.</summary>
    public Func<Task>? WhileArchiving { get; set; }

    public async Task ArchiveAsync(IReadOnlyCollection<StockOrder> orders, CancellationToken cancellationToken)
    {
        if (WhileArchiving is { } act)
        {
            await act();
        }
        foreach (var order in orders)
        {
            Orders.TryAdd(order.OrderId, order);
        }
    }

    public Task<StockOrder?> FindAsync(string orderId, CancellationToken cancellationToken) =>
        Task.FromResult(Orders.GetValueOrDefault(orderId));
}
