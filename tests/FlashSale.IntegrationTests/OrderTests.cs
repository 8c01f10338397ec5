using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using FlashSale.Testing;

namespace FlashSale.IntegrationTests;

public sealed class OrderTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private EngineEnvironment Env => engine.Environment;

    [Fact]
    public async Task The_owner_and_ops_can_read_an_order_once_fulfilled_and_another_shopper_cannot()
    {
        var saleId = await Env.CreateSaleAsync(engine.Host, stock: 5);
        var aliceToken = Env.ShopperToken("alice");
        using var alice = EngineEnvironment.Client(engine.Host, aliceToken);
        var bought = await Shoppers.BuyAsync(alice, saleId, aliceToken, "alice", "k");
        Assert.Equal(HttpStatusCode.Created, bought.Status);
        await Env.WaitForOrdersAsync(saleId, 1);

        var order = await alice.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{bought.OrderId}", EngineEnvironment.Json);
        Assert.Equal("fulfilled", order.GetProperty("state").GetString());
        Assert.Equal("alice", order.GetProperty("shopperId").GetString());
        Assert.Equal(saleId, order.GetProperty("saleId").GetString());

        using var ops = EngineEnvironment.Client(engine.Host, Env.OpsToken());
        Assert.Equal(HttpStatusCode.OK, (await ops.GetAsync($"/api/v1/orders/{bought.OrderId}")).StatusCode);

        using var bob = EngineEnvironment.Client(engine.Host, Env.ShopperToken("bob"));
        using var forbidden = await bob.GetAsync($"/api/v1/orders/{bought.OrderId}");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task Readiness_and_health_become_healthy_once_redis_postgres_and_rabbitmq_answer_and_health_names_the_build()
    {
        using var client = EngineEnvironment.Client(engine.Host);
        using var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal("200 Healthy", $"{(int)ready.StatusCode} {await ready.Content.ReadAsStringAsync()}");

        // The bus may still be connecting right after start: not healthy is a fair answer then.
        var health = await Waiting.ReadUntilAsync(() => EngineEnvironment.GetHealthAsync(client),
            health => health is { Code: HttpStatusCode.OK, Status: "Healthy" });
        Assert.Equal(HttpStatusCode.OK, health.Code);
        Assert.Equal("Healthy", health.Checks["redis"]);
        Assert.Equal("Healthy", health.Checks["postgres"]);
        Assert.Equal("Healthy", health.Bus);
        var build = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(build, health.Version);
    }
}
