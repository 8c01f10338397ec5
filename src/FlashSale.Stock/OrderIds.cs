namespace FlashSale.Stock;

/// <summary>
/// Order ids are <c>{saleId}-{n}</c>, n counting up per sale inside the purchase script, so an order can be
/// found in Redis before fulfillment has stored it, without a global index.
/// </summary>
public static class OrderIds
{
    public static bool TryGetSaleId(string orderId, out string saleId)
    {
        var dash = orderId.LastIndexOf('-');
        saleId = dash > 0 ? orderId[..dash] : "";
        return dash > 0 && dash < orderId.Length - 1 && long.TryParse(orderId.AsSpan(dash + 1), out var n) && n > 0;
    }
}
