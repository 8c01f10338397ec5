using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.Stock;
using StackExchange.Redis;

namespace FlashSale.IntegrationTests;

/// <summary>A host retires settled sales from Redis by itself, and a retired sale and its orders still answer.</summary>
public sealed class RetirementTests : IAsyncLifetime
{
    private EngineEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await EngineEnvironment.CreateAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task A_sale_is_retired_once_settled_and_its_orders_stored_and_it_still_answers()
    {
        var host = _env.StartHost(new Dictionary<string, string?>
        {
            ["FlashSale:Retirement:KeepSettledSalesFor"] = "00:00:00",
            ["FlashSale:Retirement:CheckEvery"] = "00:00:00.200",
        });
        var now = DateTimeOffset.UtcNow;
        var saleId = await _env.CreateSaleAsync(host, new
        {
            sku = "redmi-note", name = "Redmi Note", stock = 3, perShopperLimit = 1, paymentWindowSeconds = 0,
            startsAt = now.AddMinutes(-1), endsAt = now.AddSeconds(3),
        });
        using var client = EngineEnvironment.Client(host);
        var won = await Shoppers.BuyAsync(client, saleId, _env.ShopperToken("alice"), "alice", "k");
        Assert.Equal(HttpStatusCode.Created, won.Status);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_env.RedisConfiguration);
        var keys = new SaleKeys(_env.KeyPrefix, saleId);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await redis.GetDatabase().KeyExistsAsync(keys.Idempotency) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.False(await redis.GetDatabase().KeyExistsAsync(keys.Idempotency), "The settled sale was not retired within 20 s.");
        Assert.Null(await redis.GetDatabase().SortedSetScoreAsync(SaleKeys.Registry(_env.KeyPrefix), saleId));
        // Retirement waited for the outbox to empty, so the order reached PostgreSQL.
        Assert.Equal([won.OrderId!], (await _env.StoredOrdersAsync(saleId)).Rows.Select(r => r.OrderId));
        var sale = await EngineEnvironment.GetSaleAsync(host, saleId);
        Assert.Equal((1, 2, "closed"), (sale.GetProperty("sold").GetInt32(), sale.GetProperty("remaining").GetInt32(), sale.GetProperty("state").GetString()));
        using var shopper = EngineEnvironment.Client(host, _env.ShopperToken("alice"));
        var order = await shopper.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{won.OrderId}", EngineEnvironment.Json);
        Assert.Equal("fulfilled", order.GetProperty("state").GetString());
        var late = await Shoppers.BuyAsync(client, saleId, _env.ShopperToken("bob"), "bob", "k");
        Assert.Equal((HttpStatusCode.Conflict, "closed"), (late.Status, late.Code));
    }
}
