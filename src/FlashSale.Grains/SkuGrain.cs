using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Sales;
using FlashSale.Stock;
using Orleans.Concurrency;

namespace FlashSale.Grains;

/// <summary>
/// One activation per sale, in the whole cluster. Reentrant: the grain keeps no state that an
/// interleaved call could corrupt, and purchases must overlap so StackExchange.Redis can pipeline
/// their scripts; serialising them would cap a sale at one Redis round trip per unit.
/// </summary>
[Reentrant]
public sealed class SkuGrain(StockStore stock) : Grain, ISkuGrain
{
    /// <summary>
    /// Set once Redis has answered sold-out. Stock only goes down (until this grain itself releases F-code
    /// stock into the pool), so from then on every purchase is answered here; the orders already made are loaded once so that retries of winning requests still
    /// get their order back. Redis remains the authority: a new activation starts by asking it again.
    /// </summary>
    private Task<Dictionary<string, string>>? _ordersWhenSoldOut;

    private string SaleId => this.GetPrimaryKeyString();

    public Task<bool> Create(SaleDefinition definition)
    {
        if (definition.SaleId != SaleId)
        {
            throw new ArgumentException($"Sale {definition.SaleId} cannot be created by the grain of sale {SaleId}.", nameof(definition));
        }
        return stock.CreateSaleAsync(definition);
    }

    public Task<SaleSnapshot?> GetSnapshot() => stock.GetSnapshotAsync(SaleId);

    public async Task<PurchaseResult> Purchase(PurchaseRequest request)
    {
        if (_ordersWhenSoldOut is { } soldOut)
        {
            return AnswerWhenSoldOut(await soldOut, request);
        }

        var result = await stock.PurchaseAsync(SaleId, request);
        if (result.Outcome == PurchaseOutcome.SoldOut)
        {
            _ordersWhenSoldOut ??= LoadOrdersWhenSoldOut();
        }
        return result;
    }

    public async Task<int?> ReleaseFcodeStock()
    {
        var moved = await stock.ReleaseFcodeStockAsync(SaleId);
        if (moved > 0)
        {
            _ordersWhenSoldOut = null; // units came back: sold out is no longer true
        }
        return moved;
    }

    private async Task<Dictionary<string, string>> LoadOrdersWhenSoldOut()
    {
        try
        {
            return await stock.LoadOrdersByIdempotencyFieldAsync(SaleId);
        }
        catch
        {
            _ordersWhenSoldOut = null; // let a later request try again instead of failing forever
            throw;
        }
    }

    private static PurchaseResult AnswerWhenSoldOut(Dictionary<string, string> orders, PurchaseRequest request) =>
        orders.TryGetValue(IdempotencyField.For(request.ShopperId, request.IdempotencyKey), out var orderId)
            ? new PurchaseResult(PurchaseOutcome.Replayed, orderId)
            : new PurchaseResult(PurchaseOutcome.SoldOut);
}
