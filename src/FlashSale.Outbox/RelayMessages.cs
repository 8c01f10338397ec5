using FlashSale.Abstractions.Messages;
using FlashSale.Stock;

namespace FlashSale.Outbox;

/// <summary>The messages one relay pass publishes for the outbox entries it read.</summary>
public sealed record RelayMessages(
    IReadOnlyList<OrdersConfirmed> Orders,
    IReadOnlyList<FcodesRedeemed> Redemptions,
    FcodeEventsRecorded? FcodeEvents,
    HoldsLapsed? Lapses)
{
    /// <summary>
    /// Orders go out in messages of at most <paramref name="maxOrdersPerMessage"/>, each naming its SKU once (a
    /// sale sells one SKU, so that is one group; grouping keeps each order with its own SKU regardless). The
    /// redemptions among them go out again, alone, for the F-code registry.
    /// </summary>
    public static RelayMessages For(string saleId, IReadOnlyList<OutboxEntry> entries, int maxOrdersPerMessage)
    {
        var orders = entries.Where(e => e.Orders.Count > 0).GroupBy(e => e.Sku ?? string.Empty)
            .SelectMany(sku => sku.SelectMany(e => e.Orders).Chunk(maxOrdersPerMessage).Select(chunk => new OrdersConfirmed(saleId, sku.Key, chunk)));
        var redemptions = entries.SelectMany(e => e.Orders).Where(o => o.Fcode is not null)
            .Chunk(maxOrdersPerMessage).Select(chunk => new FcodesRedeemed(saleId, chunk));
        FcodeEventRecorded[] events = [.. entries.Select(e => e.FcodeEvent).OfType<FcodeEventRecorded>()];
        HoldLapsed[] lapses = [.. entries.Select(e => e.Lapse).OfType<HoldLapsed>()];
        return new RelayMessages([.. orders], [.. redemptions],
            events.Length > 0 ? new FcodeEventsRecorded(events) : null,
            lapses.Length > 0 ? new HoldsLapsed(lapses) : null);
    }
}
