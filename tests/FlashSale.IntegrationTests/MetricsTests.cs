using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Telemetry;
using FlashSale.Host.Api;
using FlashSale.Stock;
using FlashSale.Testing;
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
        await Waiting.UntilAsync(() => Task.FromResult(SumFor(relayed, saleId) >= 30 && SumFor(stored, saleId) >= 30),
            "Counting the relayed and stored orders", TimeSpan.FromSeconds(10));
        Assert.Equal(30, SumFor(relayed, saleId));
        Assert.Equal(30, SumFor(stored, saleId));
    }

    [Fact]
    public async Task Every_purchase_answer_is_counted_even_the_ones_redis_never_sees()
    {
        var meters = engine.Host.Services.GetRequiredService<IMeterFactory>();
        using var purchases = new MetricCollector<long>(meters, FlashSaleMeter.Name, StockMetrics.Purchases);
        using var answers = new MetricCollector<long>(meters, FlashSaleMeter.Name, PurchaseAnswerMetrics.Answers);
        var saleId = await Env.CreateSaleAsync(engine.Host, stock: 1);
        var unknownSale = Guid.NewGuid().ToString("N");
        using var client = EngineEnvironment.Client(engine.Host);

        var won = await Shoppers.BuyAsync(client, saleId, Env.ShopperToken("a-0"), "a-0", "k");
        foreach (var i in Enumerable.Range(1, 5))
        {
            await Shoppers.BuyAsync(client, saleId, Env.ShopperToken($"a-{i}"), $"a-{i}", "k");
        }
        var replay = await Shoppers.BuyAsync(client, saleId, Env.ShopperToken("a-0"), "a-0", "k");
        var nowhere = await Shoppers.BuyAsync(client, unknownSale, Env.ShopperToken("a-0"), "a-0", "k");

        answers.RecordObservableInstruments();
        Assert.Equal((HttpStatusCode.Created, won.OrderId), (replay.Status, replay.OrderId));
        Assert.Equal(HttpStatusCode.NotFound, nowhere.Status);
        Assert.Equal(1, SumFor(answers, saleId, (StockMetrics.KindTag, StockMetrics.GeneralKind), (StockMetrics.OutcomeTag, "purchased")));
        Assert.Equal(5, SumFor(answers, saleId, (StockMetrics.OutcomeTag, "sold_out")));
        Assert.Equal(1, SumFor(answers, saleId, (StockMetrics.OutcomeTag, "replayed")));
        // Once the last unit went, the grain answered the rest from memory: Redis decided only the first.
        Assert.Equal(1, SumFor(purchases, saleId));
        // A sale that does not exist adds no series: its id is whatever the client sent.
        Assert.Equal(0, SumFor(answers, unknownSale));
    }

    [Fact]
    public async Task Prometheus_scrapes_a_sale_from_the_engine_without_a_token()
    {
        var saleId = await Env.CreateSaleAsync(engine.Host, stock: 3);
        using var client = EngineEnvironment.Client(engine.Host);
        var replies = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => Shoppers.BuyAsync(client, saleId, Env.ShopperToken($"p-{i}"), $"p-{i}", "k")));
        Assert.Equal(3, replies.Count(r => r.Status == HttpStatusCode.Created));
        await Env.WaitForOrdersAsync(saleId, 3);

        // Orders are counted as stored a moment after they land, and as relayed once RabbitMQ confirms them, which
        // may come after the consumer has stored them.
        var sale = $"flashsale_sale_id=\"{saleId}\"";
        var scrape = await ScrapeUntilAsync(client, scrape =>
            Sample(scrape, "flashsale_orders_relayed_total", sale) >= 3 && Sample(scrape, "flashsale_orders_stored_total", sale) >= 3
            && Sample(scrape, "flashsale_outbox_wait_seconds_count", sale) > 0);

        Assert.Equal(3, Sample(scrape, "flashsale_purchases_total", sale, "flashsale_purchase_kind=\"general\"", "flashsale_purchase_outcome=\"purchased\""));
        Assert.Equal(5, Sample(scrape, "flashsale_purchase_answers_total", sale, "flashsale_purchase_kind=\"general\""));
        Assert.Equal(3, Sample(scrape, "flashsale_orders_relayed_total", sale));
        Assert.Equal(3, Sample(scrape, "flashsale_orders_stored_total", sale));
        // Each script's batch of orders is one outbox entry: three purchases at once made one to three.
        Assert.InRange(Sample(scrape, "flashsale_outbox_wait_seconds_count", sale), 1, 3);
        // The histograms keep the buckets the engine advises, and the runtime's meter comes along.
        Assert.Contains(scrape, line => line.StartsWith("flashsale_purchase_script_purchases_bucket{", StringComparison.Ordinal) && line.Contains("le=\"256\"", StringComparison.Ordinal));
        Assert.Contains(scrape, line => line.StartsWith("dotnet_gc_collections_total", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_that_has_served_thousands_of_sales_still_shows_its_newest_one()
    {
        var purchases = engine.Host.Services.GetRequiredService<StockMetrics>();
        var answers = engine.Host.Services.GetRequiredService<PurchaseAnswerMetrics>();
        var soldOut = new[] { new PurchaseResult(PurchaseOutcome.SoldOut) };
        // Each earlier sale leaves a series in each metric; the SDK's default limit is 2,000 series per metric.
        foreach (var saleId in Enumerable.Range(0, 2_500).Select(i => $"earlier-{i}").Append("newest"))
        {
            purchases.Served(saleId, StockMetrics.GeneralKind, soldOut, Stopwatch.GetTimestamp());
            answers.Answered(saleId, StockMetrics.GeneralKind, PurchaseOutcome.SoldOut);
        }
        using var client = EngineEnvironment.Client(engine.Host);

        var newest = "flashsale_sale_id=\"newest\"";
        var scrape = await ScrapeUntilAsync(client, scrape => Sample(scrape, "flashsale_purchase_answers_total", newest) > 0);

        Assert.Equal(1, Sample(scrape, "flashsale_purchases_total", newest, "flashsale_purchase_outcome=\"sold_out\""));
        Assert.Equal(1, Sample(scrape, "flashsale_purchase_answers_total", newest, "flashsale_purchase_outcome=\"sold_out\""));
    }

    [Fact]
    public async Task A_host_exports_its_own_sales_and_not_another_hosts_in_the_same_process()
    {
        // An environment of its own: a second host on this one's would relay and store some of its sales' orders.
        await using var elsewhere = await EngineEnvironment.CreateAsync();
        var other = elsewhere.StartHost();
        var soldOut = new[] { new PurchaseResult(PurchaseOutcome.SoldOut) };
        other.Services.GetRequiredService<StockMetrics>().Served("the-other-hosts", StockMetrics.GeneralKind, soldOut, Stopwatch.GetTimestamp());
        engine.Host.Services.GetRequiredService<StockMetrics>().Served("this-hosts", StockMetrics.GeneralKind, soldOut, Stopwatch.GetTimestamp());
        using var client = EngineEnvironment.Client(engine.Host);

        var scrape = await ScrapeUntilAsync(client, scrape => Sample(scrape, "flashsale_purchases_total", "flashsale_sale_id=\"this-hosts\"") > 0);

        Assert.Equal(1, Sample(scrape, "flashsale_purchases_total", "flashsale_sale_id=\"this-hosts\""));
        Assert.Equal(0, Sample(scrape, "flashsale_purchases_total", "flashsale_sale_id=\"the-other-hosts\""));
    }

    /// <summary>Scrapes until a scrape satisfies <paramref name="done"/> or 10 s have passed: the exporter caches a scrape for 300 ms.</summary>
    private static Task<string[]> ScrapeUntilAsync(HttpClient client, Func<string[], bool> done) =>
        Waiting.ReadUntilAsync(() => ScrapeAsync(client), done, TimeSpan.FromSeconds(10));

    private static async Task<string[]> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadAsStringAsync()).Split('\n');
    }

    /// <summary>The sum of a metric's samples whose labels include every one given (Prometheus text format).</summary>
    private static double Sample(string[] scrape, string metric, params string[] labels) =>
        scrape.Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) && labels.All(l => line.Contains(l, StringComparison.Ordinal)))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    private static long SumFor(MetricCollector<long> collector, string saleId, params (string Tag, string Value)[] tags) =>
        collector.GetMeasurementSnapshot()
            .Where(m => Equals(m.Tags[FlashSaleMeter.SaleIdTag], saleId) && tags.All(t => Equals(m.Tags[t.Tag], t.Value)))
            .Sum(m => m.Value);
}
