using System.Diagnostics;

namespace FlashSale.Stock;

/// <summary>The spans the stock code records, for requests whose trace is kept.</summary>
public static class StockTracing
{
    public const string SourceName = "FlashSale.Stock";

    /// <summary>On a traced request's script span: how many requests the script carried, as <see cref="StockMetrics.ScriptPurchases"/> counts them.</summary>
    public const string ScriptSizeTag = StockMetrics.ScriptPurchases;

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// The W3C traceparent of a span whose trace is kept, which the outbox entry of the span's order carries to the
    /// relay (<c>OutboxEntry.Traces</c>), so the order's way into PostgreSQL joins the trace; else empty.
    /// </summary>
    public static string TraceParentOf(Activity? span) =>
        span is { Recorded: true, IdFormat: ActivityIdFormat.W3C, Id: { } id } ? id : string.Empty;
}
