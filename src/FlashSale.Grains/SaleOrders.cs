using FlashSale.Abstractions.Purchases;
using FlashSale.Stock;

namespace FlashSale.Grains;

/// <summary>
/// The sale's orders by idempotency field, from the moment the SKU grain first sees the pool empty. From then on
/// the grain answers some purchases sold out from memory (those beyond the units held, and once nothing is held
/// all of them), and a winner's retry among them must still get its order back, as the script would answer it,
/// and a key that redeemed an F-code must still be refused as reused. Loaded from Redis once, then kept up to date
/// with the orders made since: the SKU grain's own, and those its sale's priority grain reports. One activation of
/// each serves the sale, so those are all of its orders.
/// </summary>
/// <remarks>
/// Once the sale has retired its orders are in PostgreSQL, out of the grain's reach: purchases are answered
/// <see cref="PurchaseOutcome.Closed"/>, which the API resolves against the archive.
/// </remarks>
internal sealed class SaleOrders(StockStore stock, string saleId)
{
    private readonly Dictionary<string, string> _madeSinceLoad = new(StringComparer.Ordinal);
    private Task<Dictionary<string, string>?>? _loaded;

    /// <summary>Starts reading the orders from Redis, if that has not begun yet.</summary>
    public void Load() => _loaded ??= stock.LoadOrdersByIdempotencyFieldAsync(saleId);

    /// <summary>Notes an answer from Redis: an order it made is one to replay.</summary>
    public void Saw(string shopperId, string idempotencyKey, PurchaseResult result)
    {
        if (_loaded is not null && result.Outcome == PurchaseOutcome.Purchased)
        {
            _madeSinceLoad[IdempotencyField.For(shopperId, idempotencyKey)] = result.OrderId!;
        }
    }

    /// <summary>
    /// The answer to a purchase whose idempotency key already made an order, as the script would give it; null for
    /// one that made none. Once the sale has retired, <see cref="PurchaseOutcome.Closed"/> for every purchase.
    /// </summary>
    public async Task<PurchaseResult?> AnswerIfOrderedAsync(PurchaseRequest request)
    {
        Load();
        var loading = _loaded!;
        Dictionary<string, string>? orders;
        try
        {
            orders = await loading;
        }
        catch
        {
            // Let a later request load them again instead of failing for ever; the load may have failed before
            // Load even returned, so it is cleared here, where the failure is seen.
            if (ReferenceEquals(_loaded, loading))
            {
                _loaded = null;
            }
            throw;
        }
        if (orders is null)
        {
            return new PurchaseResult(PurchaseOutcome.Closed);
        }
        var field = IdempotencyField.For(request.ShopperId, request.IdempotencyKey);
        if (!orders.TryGetValue(field, out var orderId) && !_madeSinceLoad.TryGetValue(field, out orderId))
        {
            return null;
        }
        // An order gone from Redis went with its sale's retirement, after these orders were loaded.
        return (await stock.GetOrderAsync(saleId, orderId))?.ReplayFor(fcode: null) ?? new PurchaseResult(PurchaseOutcome.Closed);
    }
}
