using System.Net;
using FlashSale.Testing;

namespace FlashSale.IntegrationTests;

/// <summary>
/// RabbitMQ lost in the middle of a sale, the connection closed or dead without a word: the relay's publishes that the
/// broker never confirmed stay in the outbox, the bus reconnects, and every order reaches PostgreSQL, each one once.
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
            ["FlashSale:RabbitMq:Heartbeat"] = "00:00:02",
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
        using var client = EngineEnvironment.Client(_host);
        var (saleId, before) = await SellFirstWaveAsync(client, waves: 3);

        _broker.Cut();
        var during = await BuyAsync(client, saleId, "during");
        await Task.Delay(TimeSpan.FromSeconds(3));
        _broker.Restore();
        var after = await BuyAsync(client, saleId, "after");

        await AssertEachLandsOnceAsync(client, saleId, [.. before, .. during, .. after], TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// The route to RabbitMQ drops: nothing is delivered any more, nothing is closed. The heartbeat notices and the bus
    /// opens a new connection; at RabbitMQ's default of 60 s the orders would wait up to two minutes (and this fails).
    /// The relay's publish sent on the dead connection gets no confirm, and RabbitMQ.Client does not always fail it when
    /// the connection is lost: without the relay's <c>ConfirmTimeout</c> the relay waited on it for good, in 6 of 36 runs.
    /// </summary>
    [Fact]
    public async Task Orders_sold_after_the_broker_connection_silently_died_land_once_a_new_one_is_open()
    {
        using var client = EngineEnvironment.Client(_host);
        var (saleId, before) = await SellFirstWaveAsync(client, waves: 2);

        _broker.Freeze();
        var after = await BuyAsync(client, saleId, "after");

        // Two missed beats of 2 s, a new connection 3 s later, and the relay's confirm deadline of 10 s for a publish
        // caught on the dead one: well inside this. At a 60 s heartbeat, far outside.
        await AssertEachLandsOnceAsync(client, saleId, [.. before, .. after], TimeSpan.FromSeconds(40));
    }

    /// <summary>
    /// A sale of <paramref name="waves"/> waves of shoppers, its first wave sold and stored. The test hosts' queues are
    /// temporary: one deleted with its consumer when the connection drops takes any message it still held with it, which
    /// a deployment's durable queue would keep. So the connection is lost only once the first wave is stored; what the
    /// tests test is the relay publishing while the connection and the queues are opened and declared again.
    /// </summary>
    private async Task<(string SaleId, PurchaseReply[] First)> SellFirstWaveAsync(HttpClient client, int waves)
    {
        var saleId = await _env.CreateSaleAsync(_host, stock: waves * ShoppersPerWave);
        var first = await BuyAsync(client, saleId, "before");
        await _env.WaitForOrdersAsync(saleId, ShoppersPerWave);
        return (saleId, first);
    }

    /// <summary>Every purchase sold, its order stored once within <paramref name="within"/>, and the relay healthy again.</summary>
    private async Task AssertEachLandsOnceAsync(HttpClient client, string saleId, PurchaseReply[] sold, TimeSpan within)
    {
        Assert.All(sold, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        var stored = await _env.WaitForOrdersAsync(saleId, sold.Length, within);
        Assert.Equal(sold.Select(r => (r.OrderId!, r.ShopperId)).Order(), stored.Rows.Order());
        Assert.Equal("Healthy", (await EngineEnvironment.GetHealthAsync(client)).Checks["outbox"]);
    }

    private Task<PurchaseReply[]> BuyAsync(HttpClient client, string saleId, string wave) =>
        Task.WhenAll(Enumerable.Range(0, ShoppersPerWave).Select(i =>
        {
            var shopper = $"{wave}-{i}";
            return Shoppers.BuyAsync(client, saleId, _env.ShopperToken(shopper), shopper, "k");
        }));
}
