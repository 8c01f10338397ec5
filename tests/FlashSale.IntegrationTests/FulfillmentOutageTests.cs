using System.Net;
using FlashSale.Testing;
using Npgsql;

namespace FlashSale.IntegrationTests;

/// <summary>
/// PostgreSQL away for longer than fulfillment's budget of tries for other failures: the sale goes on, and every
/// order lands once PostgreSQL is back instead of being parked in the <c>_error</c> queue.
/// </summary>
public sealed class FulfillmentOutageTests : IAsyncLifetime
{
    private EngineEnvironment _env = null!;
    private TcpProxy _postgres = null!;
    private FlashSaleApp _host = null!;

    public async Task InitializeAsync()
    {
        _env = await EngineEnvironment.CreateAsync();
        var direct = new NpgsqlConnectionStringBuilder(_env.PostgresConnectionString);
        _postgres = TcpProxy.Start(direct.Host!, direct.Port);
        _host = _env.StartHost(new Dictionary<string, string?>
        {
            ["FlashSale:Postgres:ConnectionString"] = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = _postgres.Port }.ConnectionString,
            // One more try, at most a second apart: an outage of a few seconds outlasts that budget many times over.
            ["FlashSale:RabbitMq:RetryLimit"] = "1",
            ["FlashSale:RabbitMq:MaxRetryInterval"] = "00:00:01",
        });
    }

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task Orders_sold_while_postgres_is_away_are_stored_once_it_is_back()
    {
        var saleId = await _env.CreateSaleAsync(_host, stock: 10);
        using var client = EngineEnvironment.Client(_host);

        _postgres.Cut();
        foreach (var shopper in new[] { "alice", "bob", "carol" })
        {
            var token = _env.ShopperToken(shopper);
            Assert.Equal(HttpStatusCode.Created, (await Shoppers.BuyAsync(client, saleId, token, shopper, "k")).Status);
        }
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Equal(0, (await _env.WaitForOrdersAsync(saleId, 1, TimeSpan.Zero)).Count);

        _postgres.Restore();
        var stored = await _env.WaitForOrdersAsync(saleId, 3, TimeSpan.FromSeconds(30));
        Assert.Equal(3, stored.Count);
    }
}
