using System.Net;
using System.Text;
using FlashSale.Abstractions.Sales;
using FlashSale.Outbox;

namespace FlashSale.IntegrationTests.Telemetry;

/// <summary>
/// With a collector configured, the engine sends it traces that follow a purchase into the grain and on, through the
/// relay and RabbitMQ, until its order is in PostgreSQL, its metrics and its logs, over OTLP. The collector here shares the
/// test's process, so the traces also hold its own requests and the test's queries; the checks follow parent links.
/// </summary>
public sealed class OtlpExportTests(OtlpEngineFixture engine) : IClassFixture<OtlpEngineFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private EngineEnvironment Env => engine.Environment;

    private OtlpReceiver Collector => engine.Collector;

    private FlashSaleApp Host => engine.Host;

    [Fact]
    public async Task A_purchase_is_one_trace_from_the_http_request_through_the_grain_to_its_redis_script()
    {
        await BuyOneAsync("otlp-1");

        var spans = await WaitForSpansAsync(ScriptUnderThePurchase);
        Assert.True(ScriptUnderThePurchase(spans),
            $"No purchase.lua span under an ISkuGrain.Purchase server span under its client span under the purchase's HTTP span. Spans: {Describe(spans)}");
    }

    [Fact]
    public async Task A_purchases_trace_follows_its_order_through_the_relay_and_rabbitmq_into_postgres()
    {
        await BuyOneAsync("otlp-2");

        var spans = await WaitForSpansAsync(StoredUnderThePurchase);
        Assert.True(StoredUnderThePurchase(spans),
            $"No PostgreSQL command under fulfillment's processing, the relay's OrdersConfirmed send, its pass, the purchase's script and its HTTP request. Spans: {Describe(spans)}");
    }

    [Fact]
    public async Task The_engines_metrics_and_logs_are_exported_too()
    {
        var saleId = await BuyOneAsync("otlp-3");

        // Names travel as plain UTF-8 inside the protobuf; the sale id shows the figures are this sale's.
        var metrics = await Collector.WaitForAsync("metrics", bodies => Mentions(bodies, saleId, "flashsale.purchases", "flashsale.orders.stored"), Patience);
        var logs = await Collector.WaitForAsync("logs", bodies => Mentions(bodies, "Application started"), Patience);

        Assert.True(Mentions(metrics, saleId, "flashsale.purchases", "flashsale.orders.stored"), $"{metrics.Count} metric exports, none with this sale's purchases and stored orders.");
        Assert.True(Mentions(logs, "Application started"), $"{logs.Count} log exports, none with the host's start.");
    }

    /// <summary>A shopper buys a unit of a new sale, and its order lands in PostgreSQL; returns the sale's id.</summary>
    private async Task<string> BuyOneAsync(string shopperId)
    {
        var saleId = await Env.CreateSaleAsync(Host, stock: 5);
        using var client = EngineEnvironment.Client(Host);
        var bought = await Shoppers.BuyAsync(client, saleId, Env.ShopperToken(shopperId), shopperId, "k");
        Assert.Equal(HttpStatusCode.Created, bought.Status);
        await Env.WaitForOrdersAsync(saleId, 1);
        return saleId;
    }

    private async Task<IReadOnlyList<OtlpSpan>> WaitForSpansAsync(Func<IReadOnlyList<OtlpSpan>, bool> done)
    {
        static IReadOnlyList<OtlpSpan> Spans(IEnumerable<byte[]> exports) => [.. exports.SelectMany(OtlpSpans.Read)];
        return Spans(await Collector.WaitForAsync("traces", exports => done(Spans(exports)), Patience));
    }

    /// <summary>
    /// Whether a purchase was traced all the way: its script's span (the wait for a script and Redis's round trip)
    /// under the grain call's server span (where the grain ran), under its client span (where the call was made),
    /// under the HTTP request's span.
    /// </summary>
    private static bool ScriptUnderThePurchase(IReadOnlyList<OtlpSpan> spans)
    {
        var grainCall = $"{typeof(ISkuGrain).FullName}/Purchase";
        return spans.Where(s => s.Name == "purchase.lua").Any(script => Ancestors(spans, script).ToList() is [var server, var client, .. var above]
            && server.Name == grainCall && client.Name == grainCall && above.Any(a => a.Name == "POST /api/v1/sales/{saleId}/purchases"));
    }

    /// <summary>
    /// Whether an order was traced from its purchase into PostgreSQL: a command under fulfillment's processing of
    /// the message, under the relay's send, under the relay pass that carried the order, under the purchase's script
    /// span, under the purchase's HTTP request, in that order from the command up.
    /// </summary>
    private static bool StoredUnderThePurchase(IReadOnlyList<OtlpSpan> spans) =>
        spans.Any(command => Ancestors(spans, command).Select(a => a.Name).ToList() is [var process, .. var above]
            && process.EndsWith("orders-confirmed process", StringComparison.Ordinal)
            && InOrder(above, name => name.EndsWith("OrdersConfirmed send", StringComparison.Ordinal), name => name == RelayTracing.PassName,
                name => name == "purchase.lua", name => name == "POST /api/v1/sales/{saleId}/purchases"));

    /// <summary>Whether each test matches a name further up than the one before.</summary>
    private static bool InOrder(List<string> names, params Func<string, bool>[] tests)
    {
        var at = 0;
        foreach (var test in tests)
        {
            while (at < names.Count && !test(names[at]))
            {
                at++;
            }
            if (at++ == names.Count)
            {
                return false;
            }
        }
        return true;
    }

    private static IEnumerable<OtlpSpan> Ancestors(IReadOnlyList<OtlpSpan> spans, OtlpSpan span)
    {
        for (var parent = Parent(spans, span); parent is not null; parent = Parent(spans, parent))
        {
            yield return parent;
        }
    }

    private static OtlpSpan? Parent(IReadOnlyList<OtlpSpan> spans, OtlpSpan span) =>
        span.ParentSpanId.Length == 0 ? null : spans.FirstOrDefault(p => p.TraceId == span.TraceId && p.SpanId == span.ParentSpanId);

    private static bool Mentions(IReadOnlyList<byte[]> bodies, params string[] texts) =>
        bodies.Select(Encoding.UTF8.GetString).Any(body => texts.All(body.Contains));

    private static string Describe(IReadOnlyList<OtlpSpan> spans) =>
        string.Join("; ", spans.Where(s => !s.Name.StartsWith("POST /v1/", StringComparison.Ordinal)).Select(s => $"{s.Name} ({s.SpanId} <- {s.ParentSpanId})"));
}
