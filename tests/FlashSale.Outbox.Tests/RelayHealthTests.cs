using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FlashSale.Outbox.Tests;

public sealed class RelayHealthTests
{
    private readonly SteppedClock _clock = new();
    private readonly RelayHealth _health;
    private readonly RelayHealthCheck _check;

    public RelayHealthTests()
    {
        _health = new RelayHealth(_clock);
        _check = new RelayHealthCheck(_health, Options.Create(new OutboxRelayOptions { UnhealthyAfter = TimeSpan.FromSeconds(60) }));
    }

    [Fact]
    public async Task A_relay_that_has_not_failed_is_healthy()
    {
        _health.Passed("a");

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
    }

    [Fact]
    public async Task Failing_is_degraded_until_the_longest_failing_sale_has_failed_for_UnhealthyAfter()
    {
        _health.Failed("a", new TimeoutException("not confirmed"));
        _clock.Advance(TimeSpan.FromSeconds(30));
        _health.Failed("b", new TimeoutException("still not confirmed"));
        _health.Failed("a", new TimeoutException("again"));

        var degraded = await CheckAsync();
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal("Relaying the orders of 2 sale(s) to RabbitMQ has failed for 30 s; they wait in Redis. Last failure: again", degraded.Description);

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync()).Status);
    }

    [Fact]
    public async Task A_pass_that_goes_through_ends_that_sale_s_failure_alone()
    {
        _health.Failed("a", new TimeoutException("a"));
        _clock.Advance(TimeSpan.FromSeconds(50));
        _health.Failed("b", new TimeoutException("b"));
        _clock.Advance(TimeSpan.FromSeconds(20));

        _health.Passed("a");

        var result = await CheckAsync();
        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.StartsWith("Relaying the orders of 1 sale(s) to RabbitMQ has failed for 20 s", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sales_the_relay_no_longer_watches_are_forgotten()
    {
        _health.Failed("a", new TimeoutException("a"));
        _health.Failed("b", new TimeoutException("b"));

        _health.KeepOnly(["b", "c"]);
        _health.Passed("b");

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
    }

    private Task<HealthCheckResult> CheckAsync() => _check.CheckHealthAsync(new HealthCheckContext());

    private sealed class SteppedClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 8, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
