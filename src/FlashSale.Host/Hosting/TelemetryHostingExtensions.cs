using System.Diagnostics.Metrics;
using FlashSale.Abstractions.Telemetry;
using FlashSale.Host.Api;
using FlashSale.Outbox;
using FlashSale.Stock;
using MassTransit.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FlashSale.Host.Hosting;

public static class TelemetryHostingExtensions
{
    /// <summary>The runtime's own meter (GC, thread pool, JIT), observed only when scraped.</summary>
    public const string RuntimeMeter = "System.Runtime";

    /// <summary>The OpenTelemetry variable that names a collector; the exporter reads it and its siblings itself.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The variable that names a collector for traces alone (used as given, <c>…/v1/traces</c> included).</summary>
    public const string OtlpTracesEndpointSetting = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";

    /// <summary>The collectors of the other two signals, each on its own.</summary>
    private static readonly string[] OtlpSignalEndpointSettings =
        [OtlpTracesEndpointSetting, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"];

    /// <summary>
    /// FlashSale's metrics tagged by <see cref="FlashSaleMeter.SaleIdTag"/>, whose series grow with every sale a host
    /// serves. The others (the script histograms) keep the SDK's limit: their series are few and fixed.
    /// </summary>
    public static readonly IReadOnlySet<string> SaleTaggedMetrics = new HashSet<string>(
        [StockMetrics.Purchases, PurchaseAnswerMetrics.Answers, FlashSaleMeter.OrdersRelayed, OutboxRelay.OutboxWait, FlashSaleMeter.OrdersStored]);

    /// <summary>Npgsql's own activity source: it traces every command once someone listens.</summary>
    private const string NpgsqlSource = "Npgsql";

    /// <summary>
    /// Exports the <see cref="FlashSaleMeter"/> and the runtime's meter through OpenTelemetry for Prometheus to
    /// scrape (<see cref="MapFlashSaleMetrics"/>): dotnet-counters watches one host by hand, a dashboard needs
    /// every host's figures kept. With a collector configured (<see cref="OtlpEndpointSetting"/>), the same
    /// metrics, the logs and sampled traces also go to it over OTLP.
    /// </summary>
    public static IServiceCollection AddFlashSaleTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TelemetryOptions.Section);
        services.AddOptions<TelemetryOptions>()
            .Bind(section)
            .Validate(o => o.ScrapePath.StartsWith('/'), $"{TelemetryOptions.Section}:ScrapePath must start with '/', as /metrics does.")
            .Validate(o => o.TraceSampleRatio is >= 0 and <= 1, $"{TelemetryOptions.Section}:TraceSampleRatio must be between 0 and 1.")
            .Validate(o => o.SeriesPerSaleTaggedMetric > 0, $"{TelemetryOptions.Section}:SeriesPerSaleTaggedMetric must be positive.")
            .ValidateOnStart();
        var options = section.Get<TelemetryOptions>() ?? new();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("FlashSale.Host"))
            .WithMetrics(metrics => metrics
                .AddMeter([FlashSaleMeter.Name, RuntimeMeter, .. options.ExtraMeters])
                .AddPrometheusExporter());
        // The view needs the host's own meter factory, which exists only once the services are built.
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) => metrics.AddView(
            instrument => StreamOf(instrument, provider.GetRequiredService<IMeterFactory>(), options.SeriesPerSaleTaggedMetric)));
        if (ExportsOverOtlp(configuration))
        {
            telemetry.UseOtlpExporter();
        }
        if (RecordsTraces(configuration))
        {
            telemetry.WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio)))
                .AddAspNetCoreInstrumentation()
                .AddSource(GrainCallTracing.SourceName, StockTracing.SourceName, RelayTracing.SourceName)
                .AddSource(DiagnosticHeaders.DefaultListenerName)
                .AddSource(NpgsqlSource));
        }
        return services;
    }

    /// <summary>
    /// How the telemetry SDK keeps a FlashSale instrument. OpenTelemetry listens to meters by name across the
    /// process, so where several engine hosts share one (the integration tests), each would export the others'
    /// figures as its own, and one host's shutdown, disposing its instruments, would end the others' streams of the
    /// same name. A host keeps only the instruments of its own meter factory. The metrics tagged by sale keep
    /// <paramref name="seriesPerSaleTaggedMetric"/> series (<see cref="TelemetryOptions.SeriesPerSaleTaggedMetric"/>).
    /// </summary>
    private static MetricStreamConfiguration? StreamOf(Instrument instrument, IMeterFactory ownMeters, int seriesPerSaleTaggedMetric) =>
        instrument.Meter.Name != FlashSaleMeter.Name ? null
        : instrument.Meter.Scope != ownMeters ? MetricStreamConfiguration.Drop
        : SaleTaggedMetrics.Contains(instrument.Name) ? new MetricStreamConfiguration { CardinalityLimit = seriesPerSaleTaggedMetric }
        : null;

    /// <summary>
    /// Whether a collector is configured, for every signal or for one, by environment variable or any other
    /// configuration source. The exporter then sends every signal: a signal given no endpoint of its own goes to
    /// the general one, or else to OTLP's default on localhost (where a sidecar collector listens).
    /// </summary>
    public static bool ExportsOverOtlp(IConfiguration configuration) =>
        IsSet(configuration, OtlpEndpointSetting) || OtlpSignalEndpointSettings.Any(setting => IsSet(configuration, setting));

    /// <summary>
    /// Whether traces are recorded: only with a collector to send them to and a share to keep. Listening costs
    /// every request, grain call and command an activity whether or not its trace is kept (about 13 % of a sale's
    /// CPU at 1 %, docs/PERFORMANCE.md), so a ratio of 0 listens to nothing rather than dropping everything, and
    /// a host given a collector for metrics or logs alone records no traces.
    /// </summary>
    public static bool RecordsTraces(IConfiguration configuration) =>
        (IsSet(configuration, OtlpEndpointSetting) || IsSet(configuration, OtlpTracesEndpointSetting))
        && (configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new()).TraceSampleRatio > 0;

    private static bool IsSet(IConfiguration configuration, string setting) => !string.IsNullOrWhiteSpace(configuration[setting]);

    public static WebApplication MapFlashSaleMetrics(this WebApplication app)
    {
        // The exporter maps every method; a scrape is a GET, so anything else is a 405 like the rest of the API's.
        app.MapPrometheusScrapingEndpoint(app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.ScrapePath)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        return app;
    }
}
