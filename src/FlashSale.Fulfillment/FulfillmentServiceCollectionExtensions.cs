using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FlashSale.Fulfillment;

public static class FulfillmentServiceCollectionExtensions
{
    /// <summary>
    /// Registers the PostgreSQL data source, the order store and the migrations, which run when the host
    /// starts; call this before registering other hosted services so the schema exists before they run.
    /// </summary>
    public static IServiceCollection AddFulfillmentStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PostgresOptions>().Bind(configuration.GetSection(PostgresOptions.Section));
        services.AddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<PostgresOptions>>().Value.ConnectionString));
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<OrderWriter>();
        services.AddSingleton<OrderReader>();
        services.AddHostedService<DatabaseMigrationService>();
        return services;
    }

    public static IBusRegistrationConfigurator AddFulfillmentConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<OrdersConfirmedConsumer, OrdersConfirmedConsumerDefinition>();
        return bus;
    }
}
