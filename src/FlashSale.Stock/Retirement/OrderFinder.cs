namespace FlashSale.Stock.Retirement;

/// <summary>Finds an order in Redis, or, once its sale has retired, in the <see cref="IOrderArchive"/>.</summary>
public sealed class OrderFinder(StockStore stock, IOrderArchive archive)
{
    /// <remarks>
    /// The archive is asked only when the sale has retired: until then Redis holds every order it has, so an
    /// unknown order id costs PostgreSQL nothing.
    /// </remarks>
    public async Task<StockOrder?> FindAsync(string saleId, string orderId, CancellationToken cancellationToken) =>
        await stock.GetOrderAsync(saleId, orderId)
        ?? (await stock.IsRetiredAsync(saleId) ? await archive.FindAsync(orderId, cancellationToken) : null);
}
