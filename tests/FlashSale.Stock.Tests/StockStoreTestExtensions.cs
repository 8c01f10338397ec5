using FlashSale.Abstractions.Purchases;

namespace FlashSale.Stock.Tests;

internal static class StockStoreTestExtensions
{
    /// <summary>A purchase's result without the pool counts that only the grain needs.</summary>
    public static async Task<PurchaseResult> BuyAsync(this StockStore store, string saleId, PurchaseRequest request) =>
        (await store.PurchaseAsync(saleId, [request]))[0].Result;

    /// <summary>A redemption in a script of its own.</summary>
    public static async Task<PurchaseResult> RedeemAsync(this StockStore store, string saleId, FcodeRedemption redemption) =>
        (await store.RedeemFcodesAsync(saleId, [redemption]))[0];
}
