using FlashSale.Abstractions.Purchases;

namespace FlashSale.Stock.Tests;

internal static class StockStoreTestExtensions
{
    /// <summary>A purchase's result without the pool counts that only the grain needs.</summary>
    public static async Task<PurchaseResult> BuyAsync(this StockStore store, string saleId, PurchaseRequest request) =>
        (await store.PurchaseAsync(saleId, [request]))[0].Result;
}
