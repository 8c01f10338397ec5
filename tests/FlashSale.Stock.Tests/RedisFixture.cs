using FlashSale.Abstractions.Sales;
using FlashSale.Testing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Stock.Tests;

/// <summary>The real Redis, under a key prefix of this fixture's own.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public string Prefix { get; } = RedisKeys.NewPrefix();

    public IConnectionMultiplexer Redis { get; private set; } = null!;

    public StockStore Store { get; private set; } = null!;

    public SaleOutbox Outbox { get; private set; } = null!;

    public FcodeStore Fcodes { get; private set; } = null!;

    public IDatabase Db => Redis.GetDatabase();

    public async Task InitializeAsync()
    {
        var servers = await TestServers.GetAsync();
        Redis = await ConnectionMultiplexer.ConnectAsync(StockServiceCollectionExtensions.ForFlashSale(servers.RedisConfiguration));
        var options = Options.Create(new RedisOptions { KeyPrefix = Prefix });
        Store = new StockStore(Redis, options, new StockMetrics(TestMeters.Factory));
        Outbox = new SaleOutbox(Redis, options);
        Fcodes = new FcodeStore(Redis, options);
    }

    public async Task DisposeAsync()
    {
        await RedisKeys.DeleteAsync(Redis, Prefix);
        await Redis.DisposeAsync();
    }

    /// <summary>A sale with a fresh id; by default open now and for an hour.</summary>
    public async Task<SaleDefinition> CreateSaleAsync(
        int stock, int limit = 1, TimeSpan? startsIn = null, TimeSpan? endsIn = null, int fcodeStock = 0, bool requiresRegistration = false,
        int paymentWindowSeconds = 0)
    {
        var now = DateTimeOffset.UtcNow;
        var sale = new SaleDefinition(
            Guid.NewGuid().ToString("N"), "sku-1", "Test phone", stock, fcodeStock, limit,
            now + (startsIn ?? TimeSpan.FromMinutes(-1)), now + (endsIn ?? TimeSpan.FromHours(1)), paymentWindowSeconds, requiresRegistration);
        return await CreateAsync(sale);
    }

    public async Task<SaleDefinition> CreateAsync(SaleDefinition sale)
    {
        Assert.True(await Store.CreateSaleAsync(sale));
        return sale;
    }

    /// <summary>The outbox's entries, unread by any relay: what fulfillment would be handed.</summary>
    public async Task<OutboxEntry[]> PeekOutboxAsync(string saleId) =>
        [.. (await Outbox.ReadAsync(saleId, "peek-" + Guid.NewGuid().ToString("N"), 10_000, OutboxSource.New))];
}
