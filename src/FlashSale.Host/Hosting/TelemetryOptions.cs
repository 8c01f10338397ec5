namespace FlashSale.Host.Hosting;

/// <summary>Bound from <c>FlashSale:Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "FlashSale:Telemetry";

    /// <summary>Where Prometheus scrapes the engine's metrics. Unauthenticated, like <c>/health</c>: keep it inside the network.</summary>
    public string ScrapePath { get; set; } = "/metrics";

    /// <summary>
    /// Meters exported besides FlashSale's own and the runtime's (<c>System.Runtime</c>), for example
    /// <c>Microsoft.AspNetCore.Hosting</c>. Those record on every request, so they cost the buy path; the two
    /// exported by default record once per purchase script or only when scraped.
    /// </summary>
    public string[] ExtraMeters { get; set; } = [];

    /// <summary>
    /// The share of traces begun here that are recorded and exported, when an OTLP endpoint is configured
    /// (a trace a caller has already sampled is always recorded). One in a hundred by default: at launch rates
    /// every request traced would cost the buy path more than the trace is worth.
    /// </summary>
    public double TraceSampleRatio { get; set; } = 0.01;

    /// <summary>
    /// How many series (tag combinations) each metric tagged by sale keeps over a host's life. The counters are
    /// cumulative, so every sale a host has served stays in them: up to twenty series per sale for
    /// <c>flashsale.purchases</c> (kind × outcome). Past the limit, new series are summed into one tagged
    /// <c>otel_metric_overflow</c> and a new sale is missing from dashboards. The SDK's default of 2,000 was about
    /// a hundred sales; 20,000 keeps about a thousand. The SDK reserves about 85 bytes per series up front, per
    /// metric and exporter: 1.6 MiB for each of the five such metrics (<c>flashsale.outbox.wait</c>, a histogram, also
    /// keeps its buckets for each sale it has seen).
    /// </summary>
    public int SeriesPerSaleTaggedMetric { get; set; } = 20_000;
}
