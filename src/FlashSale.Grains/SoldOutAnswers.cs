using FlashSale.Abstractions.Purchases;
using FlashSale.Stock;

namespace FlashSale.Grains;

/// <summary>
/// A sale's answers once Redis has said that nothing remains and no hold can lapse back: every purchase is answered
/// without a trip to Redis. The orders already made are loaded once, so that retries of winning requests still get
/// their order back. Stopped when units come back (a new session, released F-code stock).
/// </summary>
/// <remarks>
/// Once the sale has retired its orders are in PostgreSQL, out of the grain's reach: purchases are answered
/// <see cref="PurchaseOutcome.Closed"/>, which the API resolves against the archive.
/// </remarks>
internal sealed class SoldOutAnswers(StockStore stock, string saleId)
{
    private Task<Dictionary<string, string>?>? _ordersByIdempotencyField;

    public bool Active => _ordersByIdempotencyField is not null;

    public void Start() => _ordersByIdempotencyField ??= stock.LoadOrdersByIdempotencyFieldAsync(saleId);

    public void Stop() => _ordersByIdempotencyField = null;

    public async Task<PurchaseResult> AnswerAsync(PurchaseRequest request)
    {
        var loading = _ordersByIdempotencyField!;
        Dictionary<string, string>? orders;
        try
        {
            orders = await loading;
        }
        catch
        {
            // Let a later request load them again instead of failing for ever; the load may have failed before
            // Start even returned, so it is cleared here, where the failure is seen.
            if (ReferenceEquals(_ordersByIdempotencyField, loading))
            {
                _ordersByIdempotencyField = null;
            }
            throw;
        }
        if (orders is null)
        {
            return new PurchaseResult(PurchaseOutcome.Closed);
        }
        if (!orders.TryGetValue(IdempotencyField.For(request.ShopperId, request.IdempotencyKey), out var orderId))
        {
            return new PurchaseResult(PurchaseOutcome.SoldOut);
        }
        // An order gone from Redis went with its sale's retirement, after these orders were loaded.
        return (await stock.GetOrderAsync(saleId, orderId))?.ReplayFor(fcode: null) ?? new PurchaseResult(PurchaseOutcome.Closed);
    }
}
