using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FlashSale.Outbox;

/// <summary>
/// <c>outbox</c> in <c>/health</c>: Degraded while the relay fails to hand some sale's orders to RabbitMQ, Unhealthy
/// once one has failed for <see cref="OutboxRelayOptions.UnhealthyAfter"/>. Never a readiness check: the orders wait
/// safely in Redis, and the sale goes on.
/// </summary>
public sealed class RelayHealthCheck(RelayHealth health, IOptions<OutboxRelayOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (sales, longest, lastError) = health.Failing();
        if (sales == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        var description = $"Relaying the orders of {sales} sale(s) to RabbitMQ has failed for {longest.TotalSeconds:0} s; "
            + $"they wait in Redis. Last failure: {lastError}";
        return Task.FromResult(longest >= options.Value.UnhealthyAfter
            ? HealthCheckResult.Unhealthy(description)
            : HealthCheckResult.Degraded(description));
    }
}
