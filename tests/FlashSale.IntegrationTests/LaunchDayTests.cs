using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.Testing;

namespace FlashSale.IntegrationTests;

/// <summary>Launch day over HTTP on the real servers: the waiting room, holds and payment, lapses.</summary>
public sealed class LaunchDayTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private EngineEnvironment Env => engine.Environment;

    [Fact]
    public async Task Shoppers_who_arrive_before_open_get_tickets_and_the_tickets_come_to_exactly_the_stock()
    {
        var now = DateTimeOffset.UtcNow;
        var saleId = await Env.CreateSaleAsync(engine.Host, Sale(stock: 10, startsAt: now.AddSeconds(3), admissionWindowMs: 500));
        using var client = EngineEnvironment.Client(engine.Host);
        var shoppers = Enumerable.Range(0, 50).Select(i => $"early-{i}").ToArray();

        var queued = await Task.WhenAll(shoppers.Select(s => PostPurchaseAsync(client, saleId, s, "k")));
        var again = await PostPurchaseAsync(client, saleId, shoppers[0], "k");
        var ticket = queued[0].Body.GetProperty("ticketId").GetString()!;
        var status = await Shoppers.GetTicketAsync(client, $"/api/v1/sales/{saleId}/tickets/{ticket}", Env.ShopperToken(shoppers[0]));
        var byStranger = await GetAsync(client, $"/api/v1/sales/{saleId}/tickets/{ticket}", Env.ShopperToken("stranger"));

        Assert.All(queued, q =>
        {
            Assert.Equal(HttpStatusCode.Accepted, q.Status);
            Assert.Equal($"/api/v1/sales/{saleId}/tickets/{q.Body.GetProperty("ticketId").GetString()}", q.Location);
            Assert.NotNull(q.RetryAfter);
            Assert.False(q.Body.TryGetProperty("position", out _)); // no place yet: the draw is made at open
        });
        Assert.Equal(ticket, again.Body.GetProperty("ticketId").GetString());
        Assert.Equal("queued", status.GetProperty("state").GetString());
        Assert.Equal((HttpStatusCode.NotFound, "ticket_not_found"), byStranger);

        var answers = await Task.WhenAll(shoppers.Select(s => Shoppers.BuyAsync(client, saleId, Env.ShopperToken(s), s, "k")));
        Assert.Equal(10, answers.Count(a => a.Status == HttpStatusCode.Created));
        Assert.Equal(40, answers.Count(a => a.Code == "sold_out"));
        Assert.All(answers, a => Assert.NotNull(a.TicketId));
        Assert.Equal(10, (await Env.WaitForOrdersAsync(saleId, 10)).Count);
    }

    [Fact]
    public async Task A_won_unit_is_held_until_its_owner_pays_once_and_a_late_payment_finds_it_back_in_stock()
    {
        var saleId = await Env.CreateSaleAsync(engine.Host, Sale(stock: 2, paymentWindowSeconds: 2));
        using var client = EngineEnvironment.Client(engine.Host);

        var alice = await Shoppers.BuyAsync(client, saleId, Env.ShopperToken("alice"), "alice", "k");
        var held = await GetOrderAsync(client, alice.OrderId!, "alice");
        var byBob = await PayAsync(client, alice.OrderId!, "bob");
        var paid = await PayAsync(client, alice.OrderId!, "alice");
        var twice = await PayAsync(client, alice.OrderId!, "alice");
        var carol = await Shoppers.BuyAsync(client, saleId, Env.ShopperToken("carol"), "carol", "k");
        await Task.Delay(2_300);
        var late = await PayAsync(client, carol.OrderId!, "carol");
        var lapsedOrder = await GetOrderAsync(client, carol.OrderId!, "carol");
        var sale = await EngineEnvironment.GetSaleAsync(engine.Host, saleId);
        var carolAgain = await Shoppers.BuyAsync(client, saleId, Env.ShopperToken("carol"), "carol", "k2");

        Assert.Equal((HttpStatusCode.Created, "held"), (alice.Status, alice.OrderState));
        Assert.Equal("held", held.GetProperty("state").GetString());
        Assert.True(held.GetProperty("payBy").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddSeconds(-5));
        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (byBob.Status, byBob.Code));
        Assert.Equal(HttpStatusCode.OK, paid.Status);
        Assert.Equal("confirmed", paid.Body.GetProperty("state").GetString());
        Assert.Equal((HttpStatusCode.Conflict, "already_paid"), (twice.Status, twice.Code));
        Assert.Equal((HttpStatusCode.Conflict, "hold_expired"), (late.Status, late.Code));
        Assert.Equal("lapsed", lapsedOrder.GetProperty("state").GetString());
        Assert.Equal((1, 0, 1), (sale.GetProperty("remaining").GetInt32(), sale.GetProperty("held").GetInt32(), sale.GetProperty("sold").GetInt32()));
        Assert.Equal((HttpStatusCode.Created, "held"), (carolAgain.Status, carolAgain.OrderState)); // the lapse freed her slot

        var stored = await Env.WaitForOrdersAsync(saleId, 1);
        Assert.Equal([alice.OrderId!], stored.Rows.Select(r => r.OrderId));
        await Waiting.UntilAsync(async () => (await Env.LapsedHoldsAsync(saleId)).Count == 1, "the lapse reaching PostgreSQL");
        Assert.Equal([carol.OrderId!], await Env.LapsedHoldsAsync(saleId));
    }

    [Fact]
    public async Task With_holds_lapsing_throughout_no_unit_is_ever_lost_or_duplicated()
    {
        const int Stock = 30, ShopperCount = 100;
        var now = DateTimeOffset.UtcNow;
        var endsAt = now.AddSeconds(6);
        var saleId = await Env.CreateSaleAsync(engine.Host, Sale(stock: Stock, paymentWindowSeconds: 1, startsAt: now.AddMinutes(-1), endsAt: endsAt));
        using var client = EngineEnvironment.Client(engine.Host);
        var paidOrders = new ConcurrentBag<string>();
        var abandoned = new ConcurrentBag<string>();
        var samples = new List<(int Sold, int Held, int Remaining, int OnSale)>();

        // Even shoppers pay at once; odd ones walk away from their hold, whose unit lapses back, and try again.
        async Task ShopAsync(int i)
        {
            var shopper = $"lapser-{i}";
            for (var attempt = 0; DateTimeOffset.UtcNow < endsAt; attempt++)
            {
                var reply = await Shoppers.BuyAsync(client, saleId, Env.ShopperToken(shopper), shopper, $"a{attempt}");
                if (reply.Status == HttpStatusCode.Created && i % 2 == 0)
                {
                    var payment = await PayAsync(client, reply.OrderId!, shopper);
                    (payment.Status == HttpStatusCode.OK ? paidOrders : abandoned).Add(reply.OrderId!);
                    return;
                }
                if (reply.Status == HttpStatusCode.Created)
                {
                    abandoned.Add(reply.OrderId!);
                }
                await Task.Delay(150);
            }
        }
        async Task SampleAsync()
        {
            while (DateTimeOffset.UtcNow < endsAt.AddSeconds(2))
            {
                var sale = await EngineEnvironment.GetSaleAsync(engine.Host, saleId);
                samples.Add((sale.GetProperty("sold").GetInt32(), sale.GetProperty("held").GetInt32(),
                    sale.GetProperty("remaining").GetInt32(), sale.GetProperty("onSale").GetInt32()));
                await Task.Delay(25);
            }
        }
        await Task.WhenAll([SampleAsync(), .. Enumerable.Range(0, ShopperCount).Select(ShopAsync)]);

        Assert.True(samples.Count > 50, $"only {samples.Count} samples");
        Assert.All(samples, s => Assert.Equal(s.OnSale, s.Sold + s.Held + s.Remaining));
        Assert.Contains(samples, s => s.Held > 0);
        var final = await EngineEnvironment.GetSaleAsync(engine.Host, saleId);
        Assert.Equal((0, paidOrders.Count), (final.GetProperty("held").GetInt32(), final.GetProperty("sold").GetInt32()));
        Assert.Equal(Stock, paidOrders.Count + final.GetProperty("remaining").GetInt32());
        Assert.NotEmpty(abandoned);

        var stored = await Env.WaitForOrdersAsync(saleId, paidOrders.Count);
        await Waiting.UntilAsync(async () => (await Env.LapsedHoldsAsync(saleId)).Count >= abandoned.Count, "every lapse reaching PostgreSQL");
        var lapsed = await Env.LapsedHoldsAsync(saleId);
        Assert.Equal(paidOrders.Order(), stored.Rows.Select(r => r.OrderId).Order());
        Assert.Equal(abandoned.Order(), lapsed.Order());
        Assert.Equal(stored.Count, stored.DistinctShoppers);
    }

    [Fact]
    public async Task A_shopper_waits_with_no_more_tickets_than_units_they_may_buy_so_new_keys_win_no_extra_chances()
    {
        var saleId = await Env.CreateSaleAsync(engine.Host, Sale(stock: 1, startsAt: DateTimeOffset.UtcNow.AddSeconds(3), admissionWindowMs: 200));
        using var client = EngineEnvironment.Client(engine.Host);

        var entered = await PostPurchaseAsync(client, saleId, "mallory", "k1");
        var secondKey = await PostPurchaseAsync(client, saleId, "mallory", "k2");
        var retry = await PostPurchaseAsync(client, saleId, "mallory", "k1");
        var alice = await PostPurchaseAsync(client, saleId, "alice", "k1");

        Assert.Equal(HttpStatusCode.Accepted, entered.Status);
        Assert.Equal((HttpStatusCode.TooManyRequests, "too_many_tickets"), (secondKey.Status, secondKey.Code));
        Assert.Equal(entered.Body.GetProperty("ticketId").GetString(), retry.Body.GetProperty("ticketId").GetString());
        Assert.Equal(HttpStatusCode.Accepted, alice.Status);
        // Both draw tickets are answered at the open: one unit, so exactly one of the two wins it.
        var answers = await Task.WhenAll(
            Shoppers.BuyAsync(client, saleId, Env.ShopperToken("mallory"), "mallory", "k1"),
            Shoppers.BuyAsync(client, saleId, Env.ShopperToken("alice"), "alice", "k1"));
        Assert.Equal(1, answers.Count(a => a.Status == HttpStatusCode.Created));
        Assert.Equal(1, answers.Count(a => a.Code == "sold_out"));
    }

    [Fact]
    public async Task An_idempotency_key_reused_for_a_different_request_gets_422_and_takes_nothing()
    {
        var saleId = await Env.CreateSaleAsync(engine.Host, stock: 5, fcodeStock: 5);
        var code = (await Fcodes.IssueToAsync(Env, engine.Host, saleId, "alice"))[0];
        using var client = EngineEnvironment.Client(engine.Host);

        var bought = await Shoppers.BuyAsync(client, saleId, Env.ShopperToken("alice"), "alice", "k");
        var redeemed = await Shoppers.BuyAsync(client, saleId, Env.ShopperToken("alice"), "alice", "k", fcode: code);

        Assert.Equal(HttpStatusCode.Created, bought.Status);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "idempotency_key_reused"), (redeemed.Status, redeemed.Code));
        var sale = await EngineEnvironment.GetSaleAsync(engine.Host, saleId);
        Assert.Equal((4, 5), (sale.GetProperty("remaining").GetInt32(), sale.GetProperty("fcodeRemaining").GetInt32()));
    }

    private static object Sale(
        int stock, DateTimeOffset? startsAt = null, DateTimeOffset? endsAt = null, int paymentWindowSeconds = 0, int admissionWindowMs = 0) => new
    {
        sku = "redmi-1s",
        name = "Redmi 1S",
        stock,
        perShopperLimit = 1,
        startsAt = startsAt ?? DateTimeOffset.UtcNow.AddMinutes(-1),
        endsAt = endsAt ?? DateTimeOffset.UtcNow.AddHours(1),
        paymentWindowSeconds,
        admissionWindowMs,
    };

    private sealed record Answer(HttpStatusCode Status, string? Code, JsonElement Body, string? Location = null, string? RetryAfter = null);

    private async Task<Answer> PostPurchaseAsync(HttpClient client, string saleId, string shopper, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sales/{saleId}/purchases");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Env.ShopperToken(shopper));
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        return await ReadAsync(response);
    }

    private async Task<Answer> PayAsync(HttpClient client, string orderId, string shopper)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{orderId}/payment");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Env.ShopperToken(shopper));
        using var response = await client.SendAsync(request);
        return await ReadAsync(response);
    }

    private async Task<JsonElement> GetOrderAsync(HttpClient client, string orderId, string shopper)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{orderId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Env.ShopperToken(shopper));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<(HttpStatusCode, string?)> GetAsync(HttpClient client, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        var answer = await ReadAsync(response);
        return (answer.Status, answer.Code);
    }

    private static async Task<Answer> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
        var code = !response.IsSuccessStatusCode && body.ValueKind == JsonValueKind.Object && body.TryGetProperty("code", out var c) ? c.GetString() : null;
        return new Answer(response.StatusCode, code, body, response.Headers.Location?.ToString(), response.Headers.RetryAfter?.ToString());
    }
}
