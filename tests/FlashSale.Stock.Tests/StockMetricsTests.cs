using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Telemetry;
using FlashSale.Testing;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace FlashSale.Stock.Tests;

/// <summary>The stock's instruments, recorded from the answers of the real Redis.</summary>
public sealed class StockMetricsTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private StockStore Store => redis.Store;

    [Fact]
    public async Task A_script_counts_each_outcome_of_its_batch_once_and_records_its_size_and_round_trip()
    {
        using var purchases = Collector<long>(StockMetrics.Purchases);
        using var sizes = Collector<int>(StockMetrics.ScriptPurchases);
        using var durations = Collector<double>(StockMetrics.ScriptDuration);
        var sale = await redis.CreateSaleAsync(stock: 2);

        await Store.PurchaseAsync(sale.SaleId, [new("alice", "k"), new("bob", "k"), new("carol", "k"), new("alice", "k"), new("dave", "k")]);

        Assert.Equal([(StockMetrics.GeneralKind, "purchased", 2L), (StockMetrics.GeneralKind, "replayed", 1L), (StockMetrics.GeneralKind, "sold_out", 2L)],
            CountedFor(purchases, sale.SaleId));
        Assert.Contains(sizes.GetMeasurementSnapshot(), m => m.Value == 5);
        Assert.All(durations.GetMeasurementSnapshot(), m => Assert.InRange(m.Value, 0, 60));
        Assert.NotEmpty(durations.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task Redemptions_are_counted_as_fcode_purchases()
    {
        using var purchases = Collector<long>(StockMetrics.Purchases);
        var sale = await redis.CreateSaleAsync(stock: 3, fcodeStock: 1);
        await redis.Fcodes.LoadAsync(sale.SaleId, [new("CODE1", "alice", null), new("CODE2", "bob", null)]);

        await Store.RedeemFcodesAsync(sale.SaleId, [new("alice", "k", "CODE1"), new("bob", "k", "CODE2"), new("carol", "k", "CODE3")]);

        Assert.Equal([(StockMetrics.FcodeKind, "fcode_invalid", 1L), (StockMetrics.FcodeKind, "fcode_stock_exhausted", 1L), (StockMetrics.FcodeKind, "purchased", 1L)],
            CountedFor(purchases, sale.SaleId));
    }

    /// <summary>The sale's purchase counts as (kind, outcome, count), in order; other tests' sales share the meter.</summary>
    private static IEnumerable<(string, string, long)> CountedFor(MetricCollector<long> purchases, string saleId) =>
        purchases.GetMeasurementSnapshot().Where(m => Equals(m.Tags[FlashSaleMeter.SaleIdTag], saleId))
            .Select(m => ((string)m.Tags[StockMetrics.KindTag]!, (string)m.Tags[StockMetrics.OutcomeTag]!, m.Value)).Order();

    /// <summary>Listens to the instrument on the meter factory the fixture's store was given.</summary>
    private static MetricCollector<T> Collector<T>(string instrument) where T : struct =>
        new(TestMeters.Factory, FlashSaleMeter.Name, instrument);
}
