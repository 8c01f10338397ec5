using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using FlashSale.Postgres;
using FlashSale.Stock.Retirement;

namespace FlashSale.Fulfillment;

public static class FulfillmentServiceCollectionExtensions
{
    /// <summary>Registers the order store, the archive of retired sales' orders and their tables' migrations (see <see cref="PostgresServiceCollectionExtensions.AddPostgres"/>).</summary>
    public static IServiceCollection AddFulfillmentStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPostgres(configuration, typeof(OrderWriter).Assembly);
        services.AddSingleton<OrderWriter>();
        services.AddSingleton<OrderReader>();
        services.AddSingleton<LapsedHoldWriter>();
        services.AddSingleton<IOrderArchive, RetiredOrderArchive>();
        return services;
    }

    public static IBusRegistrationConfigurator AddFulfillmentConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<OrdersConfirmedConsumer, OrdersConfirmedConsumerDefinition>();
        bus.AddConsumer<HoldsLapsedConsumer>();
        return bus;
    }
}
