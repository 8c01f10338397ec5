using FlashSale.Host.Hosting;

namespace FlashSale.IntegrationTests.Telemetry;

/// <summary>One engine that exports to one collector, shared by the tests of the class.</summary>
public sealed class OtlpEngineFixture : IAsyncLifetime
{
    public EngineEnvironment Environment { get; private set; } = null!;

    public OtlpReceiver Collector { get; private set; } = null!;

    public FlashSaleApp Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Environment = await EngineEnvironment.CreateAsync();
        Collector = await OtlpReceiver.StartAsync();
        Host = Environment.StartHost(new Dictionary<string, string?>
        {
            [TelemetryHostingExtensions.OtlpEndpointSetting] = Collector.Address.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            // Export within a fraction of a second instead of the defaults' 5 s (spans) and 60 s (metrics).
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["FlashSale:Telemetry:TraceSampleRatio"] = "1",
        });
    }

    public async Task DisposeAsync()
    {
        await Environment.DisposeAsync();
        await Collector.DisposeAsync();
    }
}
