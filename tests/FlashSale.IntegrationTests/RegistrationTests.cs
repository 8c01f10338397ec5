using System.Net;
using System.Text.Json;
using FlashSale.Testing;

namespace FlashSale.IntegrationTests;

/// <summary>Registration (预约) before a launch, over HTTP on the real servers.</summary>
public sealed class RegistrationTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private EngineEnvironment Env => engine.Environment;

    [Fact]
    public async Task Registered_shoppers_buy_at_open_and_everyone_else_is_refused_and_cannot_register_late()
    {
        var saleId = await Env.CreateSaleAsync(engine.Host, stock: 100, startsIn: TimeSpan.FromSeconds(5), requiresRegistration: true);
        var fans = Enumerable.Range(0, 500).Select(i => $"fan-{i}").ToArray();

        var registered = await Task.WhenAll(fans.Select(f => RegisterAsync(f, saleId)));
        var again = await RegisterAsync(fans[0], saleId);

        Assert.All(registered, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        var sale = await EngineEnvironment.GetSaleAsync(engine.Host, saleId);
        Assert.Equal(500, sale.GetProperty("registrations").GetInt64());
        Assert.Equal("scheduled", sale.GetProperty("state").GetString());

        await Waiting.UntilAsync(async () => (await EngineEnvironment.GetSaleAsync(engine.Host, saleId)).GetProperty("state").GetString() != "scheduled",
            "The sale's opening", TimeSpan.FromSeconds(20));
        using var client = EngineEnvironment.Client(engine.Host);
        var fan = await Shoppers.BuyAsync(client, saleId, Env.ShopperToken("fan-7"), "fan-7", "k");
        var stranger = await Shoppers.BuyAsync(client, saleId, Env.ShopperToken("stranger"), "stranger", "k");
        var late = await RegisterAsync("stranger", saleId);

        Assert.Equal(HttpStatusCode.Created, fan.Status);
        Assert.Equal((HttpStatusCode.Forbidden, "not_registered"), (stranger.Status, stranger.Code));
        Assert.Equal((HttpStatusCode.Conflict, "registration_closed"), late);
        Assert.Equal(99, (await EngineEnvironment.GetSaleAsync(engine.Host, saleId)).GetProperty("remaining").GetInt32());
    }

    [Fact]
    public async Task A_sale_open_to_everyone_refuses_registrations()
    {
        var saleId = await Env.CreateSaleAsync(engine.Host, stock: 5);

        Assert.Equal((HttpStatusCode.Conflict, "registration_not_required"), await RegisterAsync("alice", saleId));
        Assert.Equal((HttpStatusCode.NotFound, "sale_not_found"), await RegisterAsync("alice", Guid.NewGuid().ToString("N")));
    }

    private async Task<(HttpStatusCode Status, string? Code)> RegisterAsync(string shopperId, string saleId)
    {
        using var client = EngineEnvironment.Client(engine.Host, Env.ShopperToken(shopperId));
        using var response = await client.PostAsync($"/api/v1/sales/{saleId}/registrations", null);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, response.IsSuccessStatusCode ? null : body.GetProperty("code").GetString());
    }
}
