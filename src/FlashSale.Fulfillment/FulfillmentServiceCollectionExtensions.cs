using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using FlashSale.Postgres;

namespace FlashSale.Fulfillment;

public static class FulfillmentServiceCollectionExtensions
{
    /// <summary>Registers the order store and its tables' migrations (see <see cref="PostgresServiceCollectionExtensions.AddPostgres"/>).</summary>
    public static IServiceCollection AddFulfillmentStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPostgres(configuration, typeof(OrderWriter).Assembly);
        services.AddSingleton<OrderWriter>();
        services.AddSingleton<OrderReader>();
        services.AddSingleton<LapsedHoldWriter>();
        return services;
    }

    public static IBusRegistrationConfigurator AddFulfillmentConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<OrdersConfirmedConsumer, OrdersConfirmedConsumerDefinition>();
        bus.AddConsumer<HoldsLapsedConsumer>();
        return bus;
    }
}
