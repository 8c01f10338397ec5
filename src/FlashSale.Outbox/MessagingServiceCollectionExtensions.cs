using System.Data.Common;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FlashSale.Outbox;

public static class MessagingServiceCollectionExtensions
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100), RetryStep = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// MassTransit on RabbitMQ (durable queues, publisher confirms) plus the outbox relay.
    /// <paramref name="addConsumers"/> registers the consumers this host runs.
    /// </summary>
    public static IServiceCollection AddOrderMessaging(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<IBusRegistrationConfigurator> addConsumers)
    {
        services.AddOptions<RabbitMqOptions>().Bind(configuration.GetSection(RabbitMqOptions.Section))
            .Validate(o => o.RetryLimit >= 1 && o.MaxRetryInterval > TimeSpan.Zero, $"{RabbitMqOptions.Section}: RetryLimit must be at least 1 and MaxRetryInterval positive.")
            .Validate(o => o.Heartbeat >= TimeSpan.FromSeconds(1) && o.Heartbeat <= TimeSpan.FromSeconds(ushort.MaxValue),
                $"{RabbitMqOptions.Section}:Heartbeat must be between 1 and {ushort.MaxValue} seconds.")
            .ValidateOnStart();
        services.AddOptions<OutboxRelayOptions>().Bind(configuration.GetSection(OutboxRelayOptions.Section))
            .Validate(o => o.BatchSize > 0 && o.MaxOrdersPerMessage > 0, $"{OutboxRelayOptions.Section}: BatchSize and MaxOrdersPerMessage must be positive.")
            .Validate(o => o.ConfirmTimeout > TimeSpan.Zero, $"{OutboxRelayOptions.Section}:ConfirmTimeout must be positive.")
            .Validate(o => o.UnhealthyAfter > TimeSpan.Zero, $"{OutboxRelayOptions.Section}:UnhealthyAfter must be positive.")
            .Validate(o => o.MaxHoldWhileSelling >= TimeSpan.Zero && o.SellingWithin > TimeSpan.Zero,
                $"{OutboxRelayOptions.Section}: MaxHoldWhileSelling must not be negative, and SellingWithin must be positive.")
            .ValidateOnStart();
        services.AddMassTransit(bus =>
        {
            addConsumers(bus);
            // MassTransit 8.4 and later report how they are used to their makers over HTTPS once the bus starts. A
            // sale's hosts call no third party unasked (and may have no route out: each start logged a failed DNS
            // lookup); MASSTRANSIT_USAGE_TELEMETRY=true, read by MassTransit itself, turns it back on.
            bus.DisableUsageTelemetry();
            // Not a readiness check (MassTransit tags its bus check "ready" by default): the outbox keeps confirmed
            // orders in Redis while RabbitMQ is away, so a broker outage must not take hosts out of the load balancer.
            bus.ConfigureHealthCheckOptions(h => h.Tags.Add("masstransit"));
            bus.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit &&
                    context.GetRequiredService<IOptions<RabbitMqOptions>>().Value.TemporaryEndpoints)
                {
                    rabbit.AutoDelete = true;
                }
            });
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var o = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                rabbit.Host(o.Host, o.Port, o.VirtualHost, h =>
                {
                    h.Username(o.Username);
                    h.Password(o.Password);
                    h.PublisherConfirmation = true;
                    h.Heartbeat(o.Heartbeat);
                });
                // Consumers are idempotent, so a failed message is simply tried again, backing off. A store that is
                // away (a transient DbException: PostgreSQL restarting, failing over, unreachable) is waited out however
                // long it takes, the message unacknowledged in RabbitMQ meanwhile, so a restart loses nothing; with a
                // bounded budget an outage longer than it parked a launch's orders in the _error queue. Anything else
                // gets RetryLimit more tries (the outer filter), then the _error queue.
                rabbit.UseMessageRetry(r => r.Exponential(o.RetryLimit, FirstRetry, o.MaxRetryInterval, RetryStep));
                rabbit.UseMessageRetry(r =>
                {
                    r.Handle<DbException>(e => e.IsTransient);
                    r.Exponential(int.MaxValue, FirstRetry, o.MaxRetryInterval, RetryStep);
                });
                if (o.EntityPrefix.Length > 0)
                {
                    rabbit.MessageTopology.SetEntityNameFormatter(new PrefixEntityNameFormatter(rabbit.MessageTopology.EntityNameFormatter, o.EntityPrefix));
                }
                rabbit.ConfigureEndpoints(context, new KebabCaseEndpointNameFormatter(o.EntityPrefix, includeNamespace: false));
            });
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RelayHealth>();
        services.AddHealthChecks().AddCheck<RelayHealthCheck>("outbox");
        services.AddHostedService<OutboxRelay>();
        return services;
    }
}
