using System.Diagnostics;

namespace FlashSale.Stock;

/// <summary>The spans the stock code records, for requests whose trace is kept.</summary>
public static class StockTracing
{
    public const string SourceName = "FlashSale.Stock";

    internal static readonly ActivitySource Source = new(SourceName);
}
