using FlashSale.Abstractions.Telemetry;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace FlashSale.Host.Hosting;

public static class TelemetryHostingExtensions
{
    /// <summary>The runtime's own meter (GC, thread pool, JIT), observed only when scraped.</summary>
    public const string RuntimeMeter = "System.Runtime";

    /// <summary>
    /// Exports the <see cref="FlashSaleMeter"/> and the runtime's meter through OpenTelemetry for Prometheus to
    /// scrape (<see cref="MapFlashSaleMetrics"/>): dotnet-counters watches one host by hand, a dashboard needs
    /// every host's figures kept.
    /// </summary>
    public static IServiceCollection AddFlashSaleTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TelemetryOptions.Section);
        services.AddOptions<TelemetryOptions>()
            .Bind(section)
            .Validate(o => o.ScrapePath.StartsWith('/'), $"{TelemetryOptions.Section}:ScrapePath must start with '/', as /metrics does.")
            .ValidateOnStart();
        var extraMeters = section.Get<TelemetryOptions>()?.ExtraMeters ?? [];
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("FlashSale.Host"))
            .WithMetrics(metrics => metrics
                .AddMeter([FlashSaleMeter.Name, RuntimeMeter, .. extraMeters])
                .AddPrometheusExporter());
        return services;
    }

    public static WebApplication MapFlashSaleMetrics(this WebApplication app)
    {
        // The exporter maps every method; a scrape is a GET, so anything else is a 405 like the rest of the API's.
        app.MapPrometheusScrapingEndpoint(app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.ScrapePath)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        return app;
    }
}
