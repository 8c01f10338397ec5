namespace FlashSale.Stock.Retirement;

/// <summary>
/// Keeps the orders of retired sales once Redis has let them go: a retiring sale hands every order to it before
/// its orders hash is deleted, and reads of those orders, and retries of the purchases that made them, turn to it
/// afterwards (<see cref="OrderFinder"/>).
/// </summary>
public interface IOrderArchive
{
    /// <summary>Stores the orders; orders already archived are left as they are, so a retirement may run again.</summary>
    Task ArchiveAsync(IReadOnlyCollection<ArchivedOrder> orders, CancellationToken cancellationToken);

    Task<StockOrder?> FindAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>The order a shopper's purchase with this idempotency key made in the sale, if it is archived.</summary>
    Task<StockOrder?> FindByIdempotencyKeyAsync(string saleId, string shopperId, string idempotencyKey, CancellationToken cancellationToken);
}

/// <param name="IdempotencyKey">The key of the purchase that made the order; null for an order Redis kept no key for.</param>
public sealed record ArchivedOrder(StockOrder Order, string? IdempotencyKey);
