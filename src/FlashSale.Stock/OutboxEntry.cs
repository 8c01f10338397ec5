using System.Globalization;
using FlashSale.Abstractions.Messages;
using StackExchange.Redis;

namespace FlashSale.Stock;

/// <summary>
/// One entry of a sale's outbox stream: confirmed orders of one SKU (one order, or a purchase script's whole
/// batch), a lapsed hold or an F-code event; exactly one kind is set.
/// </summary>
public sealed record OutboxEntry(RedisValue StreamId)
{
    public IReadOnlyList<ConfirmedOrder> Orders { get; init; } = [];

    /// <summary>The SKU the <see cref="Orders"/> sold.</summary>
    public string? Sku { get; init; }

    /// <summary>
    /// The W3C traceparents of the requests whose traces are kept among those that made the <see cref="Orders"/>,
    /// space-separated (see <see cref="StockTracing.TraceParentOf"/>); null for the rest.
    /// </summary>
    public string? Traces { get; init; }

    public FcodeEventRecorded? FcodeEvent { get; init; }

    public HoldLapsed? Lapse { get; init; }

    /// <summary>When the entry was written, in unix milliseconds by Redis's clock: the first part of its stream id.</summary>
    public long WrittenAtMs
    {
        get
        {
            var id = (string)StreamId!;
            return long.Parse(id.AsSpan(0, id.IndexOf('-', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
        }
    }
}
