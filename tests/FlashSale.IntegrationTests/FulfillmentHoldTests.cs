using System.Diagnostics.Metrics;
using System.Net;
using FlashSale.Abstractions.Telemetry;
using FlashSale.Outbox;
using FlashSale.Stock;
using FlashSale.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using StackExchange.Redis;

namespace FlashSale.IntegrationTests;

/// <summary>
/// While a sale sells, its orders wait in Redis's outbox and fulfillment gets them when the crowd pauses, or once the
/// oldest has waited the longest hold: the crowd gets the cores first, and no order waits without bound.
/// </summary>
public sealed class FulfillmentHoldTests : IAsyncLifetime
{
    private EngineEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await EngineEnvironment.CreateAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task A_selling_sales_orders_wait_in_redis_until_its_crowd_pauses_then_reach_postgres()
    {
        var host = _env.StartHost(Hold(max: TimeSpan.FromMinutes(1), sellingWithin: TimeSpan.FromSeconds(3)));
        using var waited = new MetricCollector<double>(host.Services.GetRequiredService<IMeterFactory>(), FlashSaleMeter.Name, OutboxRelay.OutboxWait);
        var saleId = await _env.CreateSaleAsync(host, stock: 10);

        // Ten shoppers, a tenth of a second apart: a crowd that never pauses for three seconds.
        foreach (var shopper in Enumerable.Range(0, 10).Select(i => $"shopper-{i}"))
        {
            var token = _env.ShopperToken(shopper);
            using var client = EngineEnvironment.Client(host, token);
            Assert.Equal(HttpStatusCode.Created, (await Shoppers.BuyAsync(client, saleId, token, shopper, "k")).Status);
            await Task.Delay(100);
        }

        Assert.Equal(0, (await _env.StoredOrdersAsync(saleId)).Count);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_env.RedisConfiguration);
        Assert.Equal(10, await redis.GetDatabase().StreamLengthAsync(new SaleKeys(_env.KeyPrefix, saleId).Outbox));

        var stored = await _env.WaitForOrdersAsync(saleId, 10);
        Assert.Equal(10, stored.DistinctShoppers);
        // One entry a purchase; even the last waited out the three seconds without a sale (less a millisecond of rounding).
        await Waiting.UntilAsync(() => Task.FromResult(waited.GetMeasurementSnapshot().Count >= 10), "Recording the entries' wait", TimeSpan.FromSeconds(10));
        Assert.All(waited.GetMeasurementSnapshot(), m => Assert.InRange(m.Value, 2.9, 60.0));
        Assert.All(waited.GetMeasurementSnapshot(), m => Assert.Equal(saleId, m.Tags[FlashSaleMeter.SaleIdTag]));
    }

    [Fact]
    public async Task A_sale_still_selling_has_its_orders_relayed_once_the_oldest_has_waited_the_longest_hold()
    {
        // By this host's measure the sale sells for a minute after each purchase: only the bound lets its order go.
        var host = _env.StartHost(Hold(max: TimeSpan.FromSeconds(1), sellingWithin: TimeSpan.FromMinutes(1)));
        var saleId = await _env.CreateSaleAsync(host, stock: 1);
        var token = _env.ShopperToken("alice");
        using var alice = EngineEnvironment.Client(host, token);

        Assert.Equal(HttpStatusCode.Created, (await Shoppers.BuyAsync(alice, saleId, token, "alice", "k")).Status);

        Assert.Equal(1, (await _env.WaitForOrdersAsync(saleId, 1, TimeSpan.FromSeconds(30))).Count);
    }

    private static Dictionary<string, string?> Hold(TimeSpan max, TimeSpan sellingWithin) => new()
    {
        ["FlashSale:Outbox:MaxHoldWhileSelling"] = max.ToString(),
        ["FlashSale:Outbox:SellingWithin"] = sellingWithin.ToString(),
    };
}
