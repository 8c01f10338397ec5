using FlashSale.Host.Hosting;
using FlashSale.Outbox;
using Microsoft.Extensions.Options;

namespace FlashSale.Host.Rehearsal;

public static class RehearsalHostingExtensions
{
    /// <summary>The start-up rehearsal (<see cref="StartupRehearsal"/>), bound from <c>FlashSale:Rehearsal</c>, and its readiness check.</summary>
    public static IServiceCollection AddStartupRehearsal(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RehearsalOptions>().Bind(configuration.GetSection(RehearsalOptions.Section))
            .Validate(o => o is { Shoppers: >= 0, Units: >= 1, FcodeHolders: >= 0, Waves: >= 1, Concurrency: >= 1, Rounds: >= 1 },
                $"{RehearsalOptions.Section}: Units, Waves, Concurrency and Rounds must be at least 1; Shoppers and FcodeHolders at least 0.")
            .Validate<IOptions<OutboxRelayOptions>>((o, relay) => o.WavesRelayedApart(relay.Value),
                $"{RehearsalOptions.Section}:PauseBetweenWaves must exceed {OutboxRelayOptions.Section}:SellingWithin plus IdleDelay while the relay holds " +
                $"selling sales' orders (unset, the pause is {OutboxRelayOptions.Section}:BusyPassInterval): closer waves are held as one, " +
                "and the rehearsal warms fulfillment once instead of once a wave.")
            .ValidateOnStart();
        services.AddSingleton<LaunchRehearsal>();
        services.AddSingleton<StartupRehearsal>();
        services.AddHostedService(sp => sp.GetRequiredService<StartupRehearsal>());
        services.AddHealthChecks().AddCheck<RehearsalHealthCheck>("rehearsal", tags: [HealthHostingExtensions.ReadyTag]);
        return services;
    }
}
