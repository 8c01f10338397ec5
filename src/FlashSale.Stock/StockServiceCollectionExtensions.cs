using FlashSale.Stock.Retirement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Stock;

public static class StockServiceCollectionExtensions
{
    /// <summary>Registers the Redis connection and the stores over it.</summary>
    public static IServiceCollection AddRedisStock(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.Section));
        services.AddSingleton<IConnectionMultiplexer>(sp => ConnectionMultiplexer.Connect(
            ForFlashSale(sp.GetRequiredService<IOptions<RedisOptions>>().Value.Configuration)));
        services.AddMetrics();
        services.AddSingleton<StockMetrics>();
        services.AddSingleton<StockStore>();
        services.AddSingleton<SaleOutbox>();
        services.AddOptions<FcodeThrottleOptions>().Bind(configuration.GetSection(FcodeThrottleOptions.Section));
        services.AddSingleton<FcodeStore>();
        services.AddSingleton<FcodeAttemptThrottle>();
        return services;
    }

    /// <summary>
    /// Retires settled sales from Redis in the background (<see cref="SaleRetirementService"/>), and reads orders
    /// through <see cref="OrderFinder"/>. Their orders go to the <see cref="IOrderArchive"/> registered beside it.
    /// </summary>
    public static IServiceCollection AddSaleRetirement(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SaleRetirementOptions>()
            .Bind(configuration.GetSection(SaleRetirementOptions.Section))
            .Validate(o => o.KeepSettledSalesFor >= TimeSpan.Zero, $"{SaleRetirementOptions.Section}:KeepSettledSalesFor must not be negative.")
            .Validate(o => o.CheckEvery > TimeSpan.Zero, $"{SaleRetirementOptions.Section}:CheckEvery must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SaleRetirement>();
        services.AddSingleton<OrderFinder>();
        services.AddHostedService<SaleRetirementService>();
        return services;
    }

    /// <summary>
    /// While Redis is unreachable, commands fail at once instead of queueing: a shopper gets a fast
    /// 503 and retries with the same idempotency key, rather than a purchase that lands minutes later.
    /// Replies are read on the .NET thread pool rather than the client's default pool of dedicated threads:
    /// under load the pool's workers are already awake, while a dedicated thread has to be woken for every
    /// reply. That halved the engine's context switches a sale and saved about 8 % of its CPU a sale
    /// (docs/PERFORMANCE.md, eighteenth session). The dedicated pool guards against a thread pool starved
    /// by blocking calls; nothing in the engine blocks on Redis.
    /// </summary>
    public static ConfigurationOptions ForFlashSale(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.SocketManager = SocketManager.ThreadPool;
        return options;
    }
}
