using FlashSale.Abstractions.Sales;
using FlashSale.Grains.WaitingRooms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;
using StackExchange.Redis;

namespace FlashSale.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// What the sale grains need beside the Redis stock (their waiting-room settings and a clock), and
    /// <see cref="SaleGrains"/> for callers.
    /// </summary>
    public static IServiceCollection AddSaleGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WaitingRoomOptions>().Bind(configuration.GetSection(WaitingRoomOptions.Section))
            .Validate(o => o.MaxPurchasesPerScript > 0 && o.PurchaseScriptsInFlight > 0,
                $"{WaitingRoomOptions.Section}: MaxPurchasesPerScript and PurchaseScriptsInFlight must be at least 1.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SaleGrains>();
        services.Configure<ExceptionSerializationOptions>(ShareRedisFailures);
        return services;
    }

    /// <summary>
    /// Lets the Redis client's exceptions, which the grains fail with when Redis times out or is away, reach a
    /// caller on another host as they are: Orleans carries only exceptions of the namespaces it is told, and a
    /// caller given one it could not read would answer a shopper 500 instead of 503 with Retry-After. Every
    /// process that calls grains needs it, the silos' own clients included.
    /// </summary>
    public static void ShareRedisFailures(ExceptionSerializationOptions options) =>
        options.SupportedNamespacePrefixes.Add(typeof(RedisException).Namespace!);
}
