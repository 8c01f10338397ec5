using FlashSale.Abstractions.Sales;
using FlashSale.Grains.WaitingRooms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        return services;
    }
}
