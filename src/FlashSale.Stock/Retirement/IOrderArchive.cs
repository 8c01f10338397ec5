namespace FlashSale.Stock.Retirement;

/// <summary>
/// Keeps the orders of retired sales once Redis has let them go: a retiring sale hands every order to it before
/// its orders hash is deleted, and reads of those orders turn to it afterwards (<see cref="OrderFinder"/>).
/// </summary>
public interface IOrderArchive
{
    /// <summary>Stores the orders; orders already archived are left as they are, so a retirement may run again.</summary>
    Task ArchiveAsync(IReadOnlyCollection<StockOrder> orders, CancellationToken cancellationToken);

    Task<StockOrder?> FindAsync(string orderId, CancellationToken cancellationToken);
}
