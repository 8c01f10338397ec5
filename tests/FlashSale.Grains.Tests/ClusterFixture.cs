using FlashSale.Abstractions.Sales;
using FlashSale.Stock;
using FlashSale.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.TestingHost;
using StackExchange.Redis;

namespace FlashSale.Grains.Tests;

/// <summary>An in-process Orleans test cluster whose grains use the real Redis, under this fixture's key prefix.</summary>
public class ClusterFixture : IAsyncLifetime
{
    private readonly string _prefix = RedisKeys.NewPrefix();

    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>The same Redis keys the grains use, for looking behind their backs.</summary>
    public StockStore Store { get; private set; } = null!;

    /// <summary>The sales' F-codes in the grains' Redis keys, for issuing codes to redeem.</summary>
    public FcodeStore Fcodes { get; private set; } = null!;

    public IConnectionMultiplexer Redis { get; private set; } = null!;

    /// <summary>Configuration the silo gets on top of the Redis settings.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <summary>How the silo reaches Redis, given how the tests do.</summary>
    protected virtual string SiloRedisConfiguration(string configuration) => configuration;

    public async Task InitializeAsync()
    {
        var servers = await TestServers.GetAsync();
        var builder = new TestClusterBuilder(1);
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{RedisOptions.Section}:Configuration"] = SiloRedisConfiguration(servers.RedisConfiguration),
            [$"{RedisOptions.Section}:KeyPrefix"] = _prefix,
        }.Concat(Settings)));
        builder.AddSiloBuilderConfigurator<SiloWithRedisStock>();
        builder.AddClientBuilderConfigurator<ClientReadingRedisFailures>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();

        Redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConfiguration);
        var options = Options.Create(new RedisOptions { KeyPrefix = _prefix });
        Store = new StockStore(Redis, options, new StockMetrics(TestMeters.Factory));
        Fcodes = new FcodeStore(Redis, options);
    }

    public virtual async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await RedisKeys.DeleteAsync(Redis, _prefix);
        await Redis.DisposeAsync();
    }

    /// <summary>A sale open since a minute ago, for an hour.</summary>
    public async Task<ISkuGrain> CreateSaleAsync(int stock, int limit = 1, int paymentWindowSeconds = 0, int fcodeStock = 0)
    {
        var now = DateTimeOffset.UtcNow;
        return await CreateAsync(new SaleDefinition(
            Guid.NewGuid().ToString("N"), "sku-1", "Test phone", stock, fcodeStock, limit, now.AddMinutes(-1), now.AddHours(1), paymentWindowSeconds));
    }

    public async Task<ISkuGrain> CreateAsync(SaleDefinition sale)
    {
        var grain = Cluster.GrainFactory.GetGrain<ISkuGrain>(sale.SaleId);
        Assert.True(await grain.Create(sale));
        return grain;
    }

    private sealed class ClientReadingRedisFailures : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Services.Configure<ExceptionSerializationOptions>(GrainsServiceCollectionExtensions.ShareRedisFailures);
    }

    private sealed class SiloWithRedisStock : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.UseInMemoryReminderService();
            siloBuilder.Services.AddRedisStock(siloBuilder.Configuration).AddSaleGrains(siloBuilder.Configuration);
        }
    }
}
