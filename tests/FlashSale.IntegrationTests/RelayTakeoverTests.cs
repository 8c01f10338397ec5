using System.Net;
using FlashSale.Testing;
using FlashSale.Stock;
using StackExchange.Redis;

namespace FlashSale.IntegrationTests;

/// <summary>
/// A host that read outbox entries and stopped before RabbitMQ took them leaves them pending under its relay's
/// name. Another host's relay claims them once they have lain idle long enough, and their orders reach PostgreSQL.
/// </summary>
public sealed class RelayTakeoverTests : IAsyncLifetime
{
    private EngineEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await EngineEnvironment.CreateAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task Orders_a_stopped_host_read_but_never_handed_on_are_claimed_by_another_host_and_stored()
    {
        // Nothing listens on port 1: this host's relay reads the entries and cannot publish them.
        var first = _env.StartHost(new Dictionary<string, string?> { ["FlashSale:RabbitMq:Port"] = "1" });
        var saleId = await _env.CreateSaleAsync(first, stock: 3);
        using (var client = EngineEnvironment.Client(first))
        {
            foreach (var shopper in new[] { "alice", "bob", "carol" })
            {
                Assert.Equal(HttpStatusCode.Created, (await Shoppers.BuyAsync(client, saleId, _env.ShopperToken(shopper), shopper, "k")).Status);
            }
        }
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_env.RedisConfiguration);
        var outbox = new SaleKeys(_env.KeyPrefix, saleId).Outbox;
        var pending = await Waiting.ReadUntilAsync(
            () => redis.GetDatabase().StreamPendingAsync(outbox, SaleOutbox.Group), p => p.PendingMessageCount > 0 && p.Consumers.Length == 1);
        Assert.Equal(await redis.GetDatabase().StreamLengthAsync(outbox), pending.PendingMessageCount);

        await first.DisposeAsync();
        // Claims after 2 s instead of 30, checked every second instead of every 5.
        _env.StartHost(new Dictionary<string, string?>
        {
            ["FlashSale:Outbox:ClaimAbandonedAfter"] = "00:00:02",
            ["FlashSale:Outbox:ClaimCheckInterval"] = "00:00:01",
        });

        var stored = await _env.WaitForOrdersAsync(saleId, 3);
        Assert.Equal(["alice", "bob", "carol"], stored.Rows.Select(r => r.ShopperId).Order());
        Assert.Equal(0, await redis.GetDatabase().StreamLengthAsync(outbox));
    }
}
