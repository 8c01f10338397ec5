using System.Diagnostics.Metrics;

namespace FlashSale.Abstractions.Telemetry;

/// <summary>
/// The meter every part of the engine records on, and the names they share: dashboards and
/// <c>dotnet-counters monitor -n FlashSale.Host --counters FlashSale</c> depend on them.
/// </summary>
public static class FlashSaleMeter
{
    public const string Name = "FlashSale";

    /// <summary>
    /// The sale a measurement belongs to. A host runs a handful of sales at a time, but cumulative counters keep every
    /// sale it has served: the host raises the series limit of the metrics tagged with it (<c>SeriesPerSaleTaggedMetric</c>).
    /// </summary>
    public const string SaleIdTag = "flashsale.sale.id";

    /// <summary>Orders handed to RabbitMQ by the outbox relay, once RabbitMQ has confirmed them.</summary>
    public const string OrdersRelayed = "flashsale.orders.relayed";

    /// <summary>Orders newly stored in PostgreSQL by fulfillment (a redelivered order is not counted twice).</summary>
    public const string OrdersStored = "flashsale.orders.stored";

    /// <summary>A counter of a sale's orders at one step of their way to PostgreSQL; add with <see cref="AddOrders"/>.</summary>
    public static Counter<long> OrderCounter(IMeterFactory meters, string name, string description) =>
        meters.Create(Name).CreateCounter<long>(name, "{order}", description);

    public static void AddOrders(this Counter<long> counter, long orders, string saleId)
    {
        if (orders > 0)
        {
            counter.Add(orders, new KeyValuePair<string, object?>(SaleIdTag, saleId));
        }
    }
}
