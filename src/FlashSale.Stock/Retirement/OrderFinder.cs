using FlashSale.Abstractions.Purchases;

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

    /// <summary>
    /// The answer to a purchase in a sale that has retired, whose idempotency keys left Redis with it: a retry is
    /// answered with the order it made, as before the retirement, and anything else with
    /// <see cref="PurchaseOutcome.Closed"/>, for the sale ended long ago (even a code Redis no longer knows).
    /// </summary>
    /// <param name="fcode">The code the purchase redeems; null for a general purchase.</param>
    /// <returns>Null while the sale has not retired.</returns>
    public async Task<PurchaseResult?> AnswerRetiredAsync(
        string saleId, string shopperId, string idempotencyKey, string? fcode, CancellationToken cancellationToken)
    {
        if (!await stock.IsRetiredAsync(saleId))
        {
            return null;
        }
        var order = await archive.FindByIdempotencyKeyAsync(saleId, shopperId, idempotencyKey, cancellationToken);
        return order?.ReplayFor(fcode) ?? new PurchaseResult(PurchaseOutcome.Closed);
    }
}
