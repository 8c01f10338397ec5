using System.Net;
using FlashSale.Testing;

namespace FlashSale.IntegrationTests;

/// <summary>
/// RabbitMQ lost in the middle of a sale and back a few seconds later: the relay's publishes that the broker never
/// confirmed stay in the outbox, the bus reconnects, and every order reaches PostgreSQL, each one once.
/// </summary>
public sealed class BrokerReconnectTests : IAsyncLifetime
{
    private const int ShoppersPerWave = 60;

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
        });
    }

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task Orders_sold_before_during_and_after_a_lost_broker_connection_each_land_once()
    {
        var saleId = await _env.CreateSaleAsync(_host, stock: 3 * ShoppersPerWave);
        using var client = EngineEnvironment.Client(_host);

        var before = await BuyAsync(client, saleId, "before");
        // The test hosts' queues are temporary: one deleted with its consumer when the connection drops takes any
        // message it still held with it, which a deployment's durable queue would keep. So the cut comes once the
        // first wave is stored; what it tests is the relay publishing while the queues are being declared again.
        await _env.WaitForOrdersAsync(saleId, ShoppersPerWave);
        _broker.Cut();
        var during = await BuyAsync(client, saleId, "during");
        await Task.Delay(TimeSpan.FromSeconds(3));
        _broker.Restore();
        var after = await BuyAsync(client, saleId, "after");

        var sold = before.Concat(during).Concat(after).ToList();
        Assert.All(sold, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        var stored = await _env.WaitForOrdersAsync(saleId, sold.Count, TimeSpan.FromSeconds(60));
        Assert.Equal(sold.Select(r => (r.OrderId!, r.ShopperId)).Order(), stored.Rows.Order());
    }

    private Task<PurchaseReply[]> BuyAsync(HttpClient client, string saleId, string wave) =>
        Task.WhenAll(Enumerable.Range(0, ShoppersPerWave).Select(i =>
        {
            var shopper = $"{wave}-{i}";
            return Shoppers.BuyAsync(client, saleId, _env.ShopperToken(shopper), shopper, "k");
        }));
}
