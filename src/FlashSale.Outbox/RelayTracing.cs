using System.Diagnostics;
using FlashSale.Stock;

namespace FlashSale.Outbox;

/// <summary>
/// Carries kept traces across the outbox. A purchase, redemption or payment whose trace is kept leaves its span's
/// traceparent in its order's outbox entry (<see cref="OutboxEntry.Traces"/>). The relay pass that publishes the
/// entry then runs in a span of that trace, so the send, fulfillment's processing and the PostgreSQL insert show
/// under the request that made the order. A pass carries the orders of many requests: it continues the first kept
/// trace, which its sampler then keeps too, and links the others.
/// </summary>
public static class RelayTracing
{
    public const string SourceName = "FlashSale.Outbox";

    public const string PassName = "relay orders";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The pass's span, or null when none of its entries carries a kept trace (nearly always).</summary>
    public static Activity? StartPass(string saleId, IReadOnlyList<OutboxEntry> entries)
    {
        List<ActivityContext>? traced = null;
        foreach (var entry in entries)
        {
            foreach (var trace in entry.Traces?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [])
            {
                if (ActivityContext.TryParse(trace, null, isRemote: true, out var context))
                {
                    (traced ??= []).Add(context);
                }
            }
        }
        return traced is null
            ? null
            : Source.StartActivity(PassName, ActivityKind.Internal, traced[0], [new("flashsale.sale_id", saleId)], [.. traced.Skip(1).Select(c => new ActivityLink(c))]);
    }
}
