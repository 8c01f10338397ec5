using System.Net;
using FlashSale.Testing;

namespace FlashSale.IntegrationTests;

/// <summary>
/// The engine's RabbitMQ connection dies without a word in the middle of a sale (its route drops: nothing is
/// delivered any more, nothing is closed). The heartbeat notices, the bus opens a new connection, and the orders sold
/// meanwhile reach PostgreSQL. At RabbitMQ's default heartbeat of 60 s they would wait up to two minutes.
/// </summary>
public sealed class BrokerHeartbeatTests : IAsyncLifetime
{
    private const int ShoppersPerWave = 40;

    private EngineEnvironment _env = null!;
    private TcpProxy _broker = null!;
    private FlashSaleApp _host = null!;

    public async Task InitializeAsync()
    {
        _env = await EngineEnvironment.CreateAsync();
        var servers = await TestServers.GetAsync();
        _broker = TcpProxy.Start(servers.RabbitHost, servers.RabbitPort);
        _host = _env.StartHost(new Dictionary<string, string?>
        {
            ["FlashSale:RabbitMq:Host"] = "127.0.0.1",
            ["FlashSale:RabbitMq:Port"] = _broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FlashSale:RabbitMq:Heartbeat"] = "00:00:02",
        });
    }

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task Orders_sold_after_the_broker_connection_silently_died_land_once_a_new_one_is_open()
    {
        var saleId = await _env.CreateSaleAsync(_host, stock: 2 * ShoppersPerWave);
        using var client = EngineEnvironment.Client(_host);

        var before = await BuyAsync(client, saleId, "before");
        await _env.WaitForOrdersAsync(saleId, ShoppersPerWave);
        _broker.Freeze();
        var after = await BuyAsync(client, saleId, "after");

        var sold = before.Concat(after).ToList();
        Assert.All(sold, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        // Two missed beats of 2 s, then MassTransit's first retry 3 s later: well inside this. At 60 s, far outside.
        var stored = await _env.WaitForOrdersAsync(saleId, sold.Count, TimeSpan.FromSeconds(40));
        Assert.Equal(sold.Select(r => (r.OrderId!, r.ShopperId)).Order(), stored.Rows.Order());
    }

    private Task<PurchaseReply[]> BuyAsync(HttpClient client, string saleId, string wave) =>
        Task.WhenAll(Enumerable.Range(0, ShoppersPerWave).Select(i =>
        {
            var shopper = $"{wave}-{i}";
            return Shoppers.BuyAsync(client, saleId, _env.ShopperToken(shopper), shopper, "k");
        }));
}
