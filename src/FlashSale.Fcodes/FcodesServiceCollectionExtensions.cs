using FlashSale.Postgres;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlashSale.Fcodes;

public static class FcodesServiceCollectionExtensions
{
    /// <summary>
    /// The F-code registry, its migrations, the issuer, the locator and the locator's one-time backfill. Needs the
    /// Redis stores (AddRedisStock).
    /// </summary>
    public static IServiceCollection AddFcodes(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPostgres(configuration, typeof(FcodeRegistry).Assembly);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<FcodeRegistry>();
        services.AddSingleton<FcodeIssuer>();
        services.AddSingleton<FcodeLocator>();
        services.AddHostedService<FcodeSaleIndexBackfill>();
        return services;
    }

    public static IBusRegistrationConfigurator AddFcodeConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<FcodeEventsConsumer>();
        bus.AddConsumer<FcodesRedeemedConsumer>();
        return bus;
    }
}
