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
/// With RabbitMQ unreachable the sale goes on: purchases are decided in Redis and their orders wait in the outbox,
/// so the host stays ready, while <c>/health</c> tells ops what is down.
/// </summary>
public sealed class BrokerOutageTests : IAsyncLifetime
{
    private EngineEnvironment _env = null!;
    private FlashSaleApp _host = null!;

    public async Task InitializeAsync()
    {
        _env = await EngineEnvironment.CreateAsync();
        // Nothing listens on port 1: the bus keeps trying to connect in the background.
        _host = _env.StartHost(new Dictionary<string, string?>
        {
            ["FlashSale:RabbitMq:Port"] = "1",
            ["FlashSale:Outbox:ConfirmTimeout"] = "00:00:01",
            ["FlashSale:Outbox:UnhealthyAfter"] = "00:00:04",
        });
    }

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task Purchases_sell_and_readiness_holds_while_health_reports_the_broker_down()
    {
        var saleId = await _env.CreateSaleAsync(_host, stock: 3);
        var token = _env.ShopperToken("alice");
        using var alice = EngineEnvironment.Client(_host, token);

        var bought = await Shoppers.BuyAsync(alice, saleId, token, "alice", "k");

        Assert.Equal(HttpStatusCode.Created, bought.Status);
        using var ready = await alice.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        var health = await EngineEnvironment.GetHealthAsync(alice);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Code);
        Assert.Equal("Unhealthy", health.Status);
        Assert.Equal("Healthy", health.Checks["redis"]);
        Assert.Equal("Healthy", health.Checks["postgres"]);
        Assert.Equal("Unhealthy", health.Bus);

        // The order is not lost: it waits in the sale's outbox for the broker.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_env.RedisConfiguration);
        Assert.Equal(1, await redis.GetDatabase().StreamLengthAsync(new SaleKeys(_env.KeyPrefix, saleId).Outbox));
    }

    /// <summary>
    /// The bus's check only says a connection is missing; the relay's says orders are not moving: Degraded from the
    /// relay's first failed publish, Unhealthy once it has failed for <c>UnhealthyAfter</c>. The meter counts the sale.
    /// </summary>
    [Fact]
    public async Task Health_reports_the_relay_degraded_then_unhealthy_while_it_cannot_hand_orders_on()
    {
        using var failing = new MetricCollector<int>(_host.Services.GetRequiredService<IMeterFactory>(), FlashSaleMeter.Name, OutboxRelay.FailingSales);
        var saleId = await _env.CreateSaleAsync(_host, stock: 3);
        var token = _env.ShopperToken("bob");
        using var bob = EngineEnvironment.Client(_host, token);
        Assert.Equal("Healthy", (await EngineEnvironment.GetHealthAsync(bob)).Checks["outbox"]);
        Assert.Equal(0, FailingSalesNow(failing));

        Assert.Equal(HttpStatusCode.Created, (await Shoppers.BuyAsync(bob, saleId, token, "bob", "k")).Status);

        var degraded = await Waiting.ReadUntilAsync(() => EngineEnvironment.GetHealthAsync(bob), h => h.Checks["outbox"] != "Healthy");
        Assert.Equal("Degraded", degraded.Checks["outbox"]);
        var unhealthy = await Waiting.ReadUntilAsync(() => EngineEnvironment.GetHealthAsync(bob), h => h.Checks["outbox"] != "Degraded");
        Assert.Equal("Unhealthy", unhealthy.Checks["outbox"]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.Code);
        Assert.Equal(1, FailingSalesNow(failing));
    }

    private static int FailingSalesNow(MetricCollector<int> gauge)
    {
        gauge.RecordObservableInstruments();
        return gauge.LastMeasurement!.Value;
    }
}
