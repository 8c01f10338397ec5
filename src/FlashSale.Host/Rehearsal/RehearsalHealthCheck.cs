using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlashSale.Host.Rehearsal;

/// <summary>
/// Degraded while the start-up rehearsal runs, which <c>/health/ready</c> answers 503: a load balancer should not send a
/// crowd to a cold host. (Degraded, not unhealthy: nothing is wrong, and it is logged as a warning, not an error.)
/// </summary>
public sealed class RehearsalHealthCheck(StartupRehearsal rehearsal) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(rehearsal.Finished.IsCompleted
            ? HealthCheckResult.Healthy(rehearsal.Finished.Result is null ? "No rehearsal (disabled, or it failed: see the log)." : "Rehearsed.")
            : HealthCheckResult.Degraded("Rehearsing a launch before taking traffic."));
}
