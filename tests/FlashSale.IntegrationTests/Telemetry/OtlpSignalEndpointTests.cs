using System.Net;
using FlashSale.Host.Hosting;
using Microsoft.Extensions.Configuration;

namespace FlashSale.IntegrationTests.Telemetry;

/// <summary>A collector may be given for one signal alone, as OpenTelemetry's variables allow.</summary>
public sealed class OtlpSignalEndpointTests : IAsyncLifetime
{
    private EngineEnvironment _env = null!;
    private OtlpReceiver _collector = null!;

    public async Task InitializeAsync()
    {
        _env = await EngineEnvironment.CreateAsync();
        _collector = await OtlpReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        await _collector.DisposeAsync();
    }

    [Fact]
    public async Task A_collector_for_traces_alone_receives_the_purchases_traces()
    {
        var host = _env.StartHost(new Dictionary<string, string?>
        {
            // A signal's own endpoint is used as given, path included.
            [TelemetryHostingExtensions.OtlpTracesEndpointSetting] = new Uri(_collector.Address, "v1/traces").ToString(),
            ["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["FlashSale:Telemetry:TraceSampleRatio"] = "1",
        });
        var saleId = await _env.CreateSaleAsync(host, stock: 1);
        using var client = EngineEnvironment.Client(host);
        Assert.Equal(HttpStatusCode.Created, (await Shoppers.BuyAsync(client, saleId, _env.ShopperToken("traced"), "traced", "k")).Status);

        var exports = await _collector.WaitForAsync("traces", e => e.SelectMany(OtlpSpans.Read).Any(IsPurchaseScript), TimeSpan.FromSeconds(20));

        Assert.Contains(exports.SelectMany(OtlpSpans.Read), IsPurchaseScript);
    }

    [Theory]
    [InlineData(TelemetryHostingExtensions.OtlpEndpointSetting, true, true)]
    [InlineData(TelemetryHostingExtensions.OtlpTracesEndpointSetting, true, true)]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", true, false)]
    [InlineData("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", true, false)]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", false, false)]
    public void The_endpoints_set_decide_what_is_exported_and_whether_traces_are_recorded(string setting, bool exports, bool records)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [setting] = "http://127.0.0.1:4318" })
            .Build();

        Assert.Equal((exports, records), (TelemetryHostingExtensions.ExportsOverOtlp(configuration), TelemetryHostingExtensions.RecordsTraces(configuration)));
    }

    private static bool IsPurchaseScript(OtlpSpan span) => span.Name == "purchase.lua";
}
