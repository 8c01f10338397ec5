using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FlashSale.Outbox;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ (durable queues, publisher confirms) plus the outbox relay.
    /// <paramref name="addConsumers"/> registers the consumers this host runs.
    /// </summary>
    public static IServiceCollection AddOrderMessaging(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<IBusRegistrationConfigurator> addConsumers)
    {
        services.AddOptions<RabbitMqOptions>().Bind(configuration.GetSection(RabbitMqOptions.Section));
        services.AddOptions<OutboxRelayOptions>().Bind(configuration.GetSection(OutboxRelayOptions.Section))
            .Validate(o => o.BatchSize > 0 && o.MaxOrdersPerMessage > 0, $"{OutboxRelayOptions.Section}: BatchSize and MaxOrdersPerMessage must be positive.")
            .ValidateOnStart();
        services.AddMassTransit(bus =>
        {
            addConsumers(bus);
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
                });
                // Consumers are idempotent, so a failed message is simply tried again, backing off while
                // PostgreSQL is away; only then does it land in the endpoint's _error queue.
                rabbit.UseMessageRetry(r => r.Exponential(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)));
                if (o.EntityPrefix.Length > 0)
                {
                    rabbit.MessageTopology.SetEntityNameFormatter(new PrefixEntityNameFormatter(rabbit.MessageTopology.EntityNameFormatter, o.EntityPrefix));
                }
                rabbit.ConfigureEndpoints(context, new KebabCaseEndpointNameFormatter(o.EntityPrefix, includeNamespace: false));
            });
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<OutboxRelay>();
        return services;
    }
}
