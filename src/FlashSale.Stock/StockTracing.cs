using System.Diagnostics;

namespace FlashSale.Stock;

/// <summary>The spans the stock code records, for requests whose trace is kept.</summary>
public static class StockTracing
{
    public const string SourceName = "FlashSale.Stock";

    /// <summary>On a traced request's script span: how many requests the script carried, as <see cref="StockMetrics.ScriptPurchases"/> counts them.</summary>
    public const string ScriptSizeTag = StockMetrics.ScriptPurchases;

    internal static readonly ActivitySource Source = new(SourceName);
}
