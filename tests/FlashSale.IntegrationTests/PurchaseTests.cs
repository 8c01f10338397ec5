using System.Net;

namespace FlashSale.IntegrationTests;

/// <summary>The buy path end to end: HTTP, grain, Redis, outbox relay, RabbitMQ, PostgreSQL.</summary>
public sealed class PurchaseTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private EngineEnvironment Env => engine.Environment;

    [Fact]
    public async Task A_sale_of_1000_units_with_5000_concurrent_shoppers_sells_exactly_1000_and_all_reach_postgres()
    {
        var saleId = await Env.CreateSaleAsync(engine.Host, stock: 1_000);
        var shoppers = Enumerable.Range(0, 5_000).Select(i => $"shopper-{i}").ToArray();
        var tokens = shoppers.Select(Env.ShopperToken).ToArray();
        using var client = EngineEnvironment.Client(engine.Host);

        var replies = await Task.WhenAll(shoppers.Select((s, i) => Shoppers.BuyAsync(client, saleId, tokens[i], s, "buy-1")));

        var winners = replies.Where(r => r.Status == HttpStatusCode.Created).ToList();
        Assert.Equal(1_000, winners.Count);
        Assert.All(replies.Where(r => r.Status != HttpStatusCode.Created), r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.Status);
            Assert.Equal("sold_out", r.Code);
        });
        Assert.Equal(1_000, winners.Select(w => w.OrderId).Distinct().Count());

        var stored = await Env.WaitForOrdersAsync(saleId, 1_000);
        Assert.Equal(1_000, stored.Count);
        Assert.Equal(1_000, stored.DistinctShoppers);
        Assert.Equal(winners.Select(w => (w.OrderId!, w.ShopperId)).Order(), stored.Rows.Order());

        var sale = await EngineEnvironment.GetSaleAsync(engine.Host, saleId);
        Assert.Equal(0, sale.GetProperty("remaining").GetInt32());
        Assert.Equal(1_000, sale.GetProperty("sold").GetInt32());
        Assert.Equal("sold_out", sale.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Repeated_idempotency_keys_create_no_extra_orders()
    {
        var saleId = await Env.CreateSaleAsync(engine.Host, stock: 100, perShopperLimit: 5);
        var token = Env.ShopperToken("alice");
        using var client = EngineEnvironment.Client(engine.Host);
        var keys = Enumerable.Range(0, 5).Select(i => $"key-{i}").ToArray();

        // Every key sent 20 times at once: the retries of an impatient shopper.
        var replies = await Task.WhenAll(keys.SelectMany(k => Enumerable.Repeat(k, 20))
            .Select(async k => (Key: k, Reply: await Shoppers.BuyAsync(client, saleId, token, "alice", k))));

        Assert.All(replies, r => Assert.Equal(HttpStatusCode.Created, r.Reply.Status));
        Assert.All(replies.GroupBy(r => r.Key), g => Assert.Single(g.Select(r => r.Reply.OrderId).Distinct()));
        Assert.Equal(5, replies.Select(r => r.Reply.OrderId).Distinct().Count());

        var stored = await Env.WaitForOrdersAsync(saleId, 5);
        await Task.Delay(500); // a duplicate, were there one, would land right behind
        Assert.Equal(5, (await Env.StoredOrdersAsync(saleId)).Count);
        Assert.Equal(5, stored.Count);
        Assert.Equal(95, (await EngineEnvironment.GetSaleAsync(engine.Host, saleId)).GetProperty("remaining").GetInt32());
    }

    [Fact]
    public async Task The_per_shopper_limit_holds_under_200_parallel_requests_from_one_shopper()
    {
        var saleId = await Env.CreateSaleAsync(engine.Host, stock: 500, perShopperLimit: 3);
        var token = Env.ShopperToken("bob");
        using var client = EngineEnvironment.Client(engine.Host);

        var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Shoppers.BuyAsync(client, saleId, token, "bob", $"k-{i}")));

        Assert.Equal(3, replies.Count(r => r.Status == HttpStatusCode.Created));
        Assert.Equal(197, replies.Count(r => r.Status == HttpStatusCode.Conflict && r.Code == "limit_reached"));
        Assert.Equal(3, (await Env.WaitForOrdersAsync(saleId, 3)).Count);
        Assert.Equal(497, (await EngineEnvironment.GetSaleAsync(engine.Host, saleId)).GetProperty("remaining").GetInt32());
    }
}
