using System.Diagnostics.Metrics;
using System.Net;
using FlashSale.Abstractions.Telemetry;
using FlashSale.Stock;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace FlashSale.IntegrationTests;

/// <summary>The engine's meter follows a sale's units from Redis to RabbitMQ to PostgreSQL.</summary>
public sealed class MetricsTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private EngineEnvironment Env => engine.Environment;

    [Fact]
    public async Task Every_unit_sold_is_counted_as_purchased_then_relayed_then_stored()
    {
        var meters = engine.Host.Services.GetRequiredService<IMeterFactory>();
        using var purchases = new MetricCollector<long>(meters, FlashSaleMeter.Name, StockMetrics.Purchases);
        using var relayed = new MetricCollector<long>(meters, FlashSaleMeter.Name, FlashSaleMeter.OrdersRelayed);
        using var stored = new MetricCollector<long>(meters, FlashSaleMeter.Name, FlashSaleMeter.OrdersStored);
        var saleId = await Env.CreateSaleAsync(engine.Host, stock: 30);
        using var client = EngineEnvironment.Client(engine.Host);

        var replies = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Shoppers.BuyAsync(client, saleId, Env.ShopperToken($"m-{i}"), $"m-{i}", "k")));

        Assert.Equal(30, replies.Count(r => r.Status == HttpStatusCode.Created));
        Assert.Equal(30, (await Env.WaitForOrdersAsync(saleId, 30)).Count);
        Assert.Equal(30, SumFor(purchases, saleId, (StockMetrics.OutcomeTag, "purchased")));
        // Each step counts once its own work is done, which may be a moment after the next step has begun.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((SumFor(relayed, saleId) < 30 || SumFor(stored, saleId) < 30) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(30, SumFor(relayed, saleId));
        Assert.Equal(30, SumFor(stored, saleId));
    }

    private static long SumFor(MetricCollector<long> collector, string saleId, params (string Tag, string Value)[] tags) =>
        collector.GetMeasurementSnapshot()
            .Where(m => Equals(m.Tags[FlashSaleMeter.SaleIdTag], saleId) && tags.All(t => Equals(m.Tags[t.Tag], t.Value)))
            .Sum(m => m.Value);
}
