using System.Net;
using System.Text.Json;
using FlashSale.Stock;
using FlashSale.Testing;
using StackExchange.Redis;

namespace FlashSale.IntegrationTests;

/// <summary>
/// A host retires settled sales from Redis by itself: their orders move to PostgreSQL, and the sale and its orders
/// still answer as before.
/// </summary>
public sealed class RetirementTests : IAsyncLifetime
{
    private EngineEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await EngineEnvironment.CreateAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task A_settled_sale_is_retired_and_its_orders_answer_from_PostgreSQL_as_they_did_from_Redis()
    {
        var host = StartRetiringHost();
        var saleId = await CreateSaleEndingSoonAsync(host, stock: 3, paymentWindowSeconds: 1);
        using var client = EngineEnvironment.Client(host);
        using var alice = EngineEnvironment.Client(host, _env.ShopperToken("alice"));
        using var bob = EngineEnvironment.Client(host, _env.ShopperToken("bob"));
        var paid = await Shoppers.BuyAsync(client, saleId, _env.ShopperToken("alice"), "alice", "k");
        var abandoned = await Shoppers.BuyAsync(client, saleId, _env.ShopperToken("bob"), "bob", "k");
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (paid.Status, abandoned.Status));
        Assert.Equal(HttpStatusCode.OK, (await PayAsync(alice, paid.OrderId!)).Status);
        // Read once fulfillment stored the paid order and the other hold lapsed: nothing changes them after that.
        var paidBefore = await WaitForStateAsync(alice, paid.OrderId!, "fulfilled");
        var lapsedBefore = await WaitForStateAsync(bob, abandoned.OrderId!, "lapsed");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_env.RedisConfiguration);
        var keys = new SaleKeys(_env.KeyPrefix, saleId);

        await WaitForRetirementAsync(saleId);

        Assert.False(await redis.GetDatabase().KeyExistsAsync(keys.Idempotency));
        Assert.Null(await redis.GetDatabase().SortedSetScoreAsync(SaleKeys.Registry(_env.KeyPrefix), saleId));
        Assert.Equal([paid.OrderId!], (await _env.StoredOrdersAsync(saleId)).Rows.Select(r => r.OrderId));
        Assert.Equal(paidBefore, await GetOrderAsync(alice, paid.OrderId!));
        Assert.Equal(lapsedBefore, await GetOrderAsync(bob, abandoned.OrderId!));
        Assert.Equal((HttpStatusCode.Conflict, "already_paid"), await PayAsync(alice, paid.OrderId!));
        Assert.Equal((HttpStatusCode.Conflict, "hold_expired"), await PayAsync(bob, abandoned.OrderId!));
        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), await PayAsync(bob, paid.OrderId!));
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync($"/api/v1/orders/{paid.OrderId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/api/v1/orders/{saleId}-999999")).StatusCode);
        var sale = await EngineEnvironment.GetSaleAsync(host, saleId);
        Assert.Equal((1, 2, "closed"), (sale.GetProperty("sold").GetInt32(), sale.GetProperty("remaining").GetInt32(), sale.GetProperty("state").GetString()));
        var late = await Shoppers.BuyAsync(client, saleId, _env.ShopperToken("carol"), "carol", "k");
        Assert.Equal((HttpStatusCode.Conflict, "closed"), (late.Status, late.Code));
        var retried = await Shoppers.BuyAsync(client, saleId, _env.ShopperToken("alice"), "alice", "k");
        var retriedLapsed = await Shoppers.BuyAsync(client, saleId, _env.ShopperToken("bob"), "bob", "k");
        Assert.Equal((HttpStatusCode.Created, paid.OrderId, "confirmed"), (retried.Status, retried.OrderId, retried.OrderState));
        Assert.Equal((HttpStatusCode.Created, abandoned.OrderId, "lapsed"), (retriedLapsed.Status, retriedLapsed.OrderId, retriedLapsed.OrderState));
    }

    [Fact]
    public async Task Retries_of_a_sold_out_sale_still_get_their_orders_once_it_retired_and_its_codes_answer_closed()
    {
        var host = StartRetiringHost();
        var saleId = await CreateSaleEndingSoonAsync(host, stock: 1, fcodeStock: 1);
        var code = (await Fcodes.IssueToAsync(_env, host, saleId, "dave")).Single();
        using var client = EngineEnvironment.Client(host);
        Task<PurchaseReply> Buy(string shopper, string key, string? fcode = null) =>
            Shoppers.BuyAsync(client, saleId, _env.ShopperToken(shopper), shopper, key, fcode);
        var redeemed = await Buy("dave", "k", code);
        var bought = await Buy("alice", "k");
        // The grain now answers from memory, with the orders it loaded while Redis still held their keys.
        Assert.Equal((HttpStatusCode.Conflict, "sold_out"), Refusal(await Buy("bob", "k")));

        await WaitForRetirementAsync(saleId);

        Assert.Equal(bought, await Buy("alice", "k"));
        Assert.Equal(redeemed, await Buy("dave", "k", code));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "idempotency_key_reused"), Refusal(await Buy("dave", "k")));
        Assert.Equal((HttpStatusCode.Conflict, "closed"), Refusal(await Buy("mallory", "m", code)));
        Assert.Equal((HttpStatusCode.Conflict, "closed"), Refusal(await Buy("dave", "other", code)));
    }

    /// <summary>A host that retires a sale as soon as it settles, looking five times a second.</summary>
    private FlashSaleApp StartRetiringHost() => _env.StartHost(new Dictionary<string, string?>
    {
        ["FlashSale:Retirement:KeepSettledSalesFor"] = "00:00:00",
        ["FlashSale:Retirement:CheckEvery"] = "00:00:00.200",
    });

    /// <summary>A sale open since a minute ago that ends in three seconds, so that it settles while the test watches.</summary>
    private Task<string> CreateSaleEndingSoonAsync(FlashSaleApp host, int stock, int fcodeStock = 0, int paymentWindowSeconds = 0)
    {
        var now = DateTimeOffset.UtcNow;
        return _env.CreateSaleAsync(host, new
        {
            sku = "redmi-note", name = "Redmi Note", stock, fcodeStock, perShopperLimit = 1, paymentWindowSeconds,
            startsAt = now.AddMinutes(-1), endsAt = now.AddSeconds(3),
        });
    }

    private async Task WaitForRetirementAsync(string saleId)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_env.RedisConfiguration);
        var orders = new SaleKeys(_env.KeyPrefix, saleId).Orders;
        await Waiting.UntilAsync(async () => !await redis.GetDatabase().KeyExistsAsync(orders), "The settled sale's retirement", TimeSpan.FromSeconds(20));
    }

    private static (HttpStatusCode Status, string? Code) Refusal(PurchaseReply reply) => (reply.Status, reply.Code);

    private static async Task<string> WaitForStateAsync(HttpClient shopper, string orderId, string state)
    {
        var order = "";
        await Waiting.UntilAsync(async () =>
        {
            order = await GetOrderAsync(shopper, orderId);
            return JsonDocument.Parse(order).RootElement.GetProperty("state").GetString() == state;
        }, $"Order {orderId} becoming {state}", TimeSpan.FromSeconds(20));
        return order;
    }

    private static async Task<string> GetOrderAsync(HttpClient shopper, string orderId)
    {
        using var response = await shopper.GetAsync($"/api/v1/orders/{orderId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<(HttpStatusCode Status, string? Code)> PayAsync(HttpClient shopper, string orderId)
    {
        using var response = await shopper.PostAsync($"/api/v1/orders/{orderId}/payment", null);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.IsSuccessStatusCode ? null : JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
    }
}
