using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FlashSale.Postgres;

public static class PostgresServiceCollectionExtensions
{
    /// <summary>
    /// Registers the data source and the migrations of <paramref name="migrations"/>, which run when the host
    /// starts. Call it before registering other hosted services so the schema exists before they run.
    /// </summary>
    public static IServiceCollection AddPostgres(this IServiceCollection services, IConfiguration configuration, Assembly migrations)
    {
        services.AddSingleton(new MigrationSource(migrations));
        if (services.Any(s => s.ServiceType == typeof(DatabaseMigrator)))
        {
            return services;
        }
        services.AddOptions<PostgresOptions>().Bind(configuration.GetSection(PostgresOptions.Section));
        services.TryAddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<PostgresOptions>>().Value.ConnectionString));
        services.AddSingleton<DatabaseMigrator>();
        services.AddHostedService<DatabaseMigrationService>();
        return services;
    }
}
