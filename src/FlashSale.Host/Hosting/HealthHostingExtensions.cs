using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlashSale.Host.Hosting;

public static class HealthHostingExtensions
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddFlashSaleHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<RedisHealthCheck>("redis", tags: [ReadyTag])
            .AddCheck<PostgresHealthCheck>("postgres", tags: [ReadyTag]);
        return services;
    }

    /// <summary>
    /// <c>/health/live</c>: the process answers. <c>/health/ready</c>: Redis, PostgreSQL and the
    /// RabbitMQ bus (MassTransit registers its own check with the <c>ready</c> tag) all answer, and the start-up
    /// rehearsal is over. Degraded is not ready either: 503.
    /// </summary>
    public static WebApplication MapFlashSaleHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(ReadyTag),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        return app;
    }
}
