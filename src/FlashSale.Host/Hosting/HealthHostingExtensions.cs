using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlashSale.Host.Hosting;

public static class HealthHostingExtensions
{
    /// <summary>The checks <c>/health/ready</c> gates on: what a purchase needs.</summary>
    public const string ReadyTag = "ready";

    public static IServiceCollection AddFlashSaleHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<RedisHealthCheck>("redis", tags: [ReadyTag])
            .AddCheck<PostgresHealthCheck>("postgres");
        return services;
    }

    /// <summary>
    /// <list type="bullet">
    /// <item><c>/health/live</c>: the process answers.</item>
    /// <item><c>/health/ready</c>: Redis answers and the start-up rehearsal is over (Degraded while it runs: 503).
    /// Only what a purchase needs: Redis decides every sale, and orders reach RabbitMQ and PostgreSQL through the
    /// outbox in Redis, which keeps them while either is away. Gating on those would take every host out of the
    /// load balancer, and stop the sale, for an outage the outbox absorbs. At start the rehearsal still proves the
    /// whole path, RabbitMQ and PostgreSQL included, before a host first reports ready.</item>
    /// <item><c>/health</c>: every check, each with its status, for ops and alerting: 503 when any is unhealthy.</item>
    /// </list>
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
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthReportBody.WriteAsync });
        return app;
    }
}
