using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace FlashSale.IntegrationTests;

/// <summary>
/// What a shopper's purchase request came to. <see cref="TicketId"/> is set when it went through the waiting room;
/// <see cref="Status"/> is then the status a direct answer would have had (201 won, 409 sold out, …).
/// </summary>
public sealed record PurchaseReply(HttpStatusCode Status, string? OrderId, string? Code, string ShopperId, string? OrderState = null, string? TicketId = null);

public static class Shoppers
{
    /// <summary>Buys as a shopper's page would: a 202 ticket is polled until it is answered.</summary>
    public static async Task<PurchaseReply> BuyAsync(HttpClient client, string saleId, string token, string shopperId, string idempotencyKey, string? fcode = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sales/{saleId}/purchases");
        if (fcode is not null)
        {
            request.Content = JsonContent.Create(new { fcode });
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var json = body.Length > 0 ? JsonDocument.Parse(body).RootElement : default;
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            return await FollowTicketAsync(client, response.Headers.Location!, token, shopperId, json.GetProperty("ticketId").GetString()!);
        }
        var created = response.StatusCode == HttpStatusCode.Created;
        return new PurchaseReply(
            response.StatusCode,
            created ? json.GetProperty("orderId").GetString() : null,
            !created && json.ValueKind == JsonValueKind.Object && json.TryGetProperty("code", out var code) ? code.GetString() : null,
            shopperId,
            created ? json.GetProperty("state").GetString() : null);
    }

    public static async Task<JsonElement> GetTicketAsync(HttpClient client, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<PurchaseReply> FollowTicketAsync(HttpClient client, Uri ticket, string token, string shopperId, string ticketId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var status = await GetTicketAsync(client, ticket.ToString(), token);
            var state = status.GetProperty("state").GetString();
            switch (state)
            {
                case "won":
                    return new PurchaseReply(HttpStatusCode.Created, status.GetProperty("orderId").GetString(), null, shopperId,
                        status.GetProperty("orderState").GetString(), ticketId);
                case "sold_out":
                    return new PurchaseReply(HttpStatusCode.Conflict, null, "sold_out", shopperId, TicketId: ticketId);
                case "refused":
                    var reason = status.GetProperty("reason").GetString();
                    return new PurchaseReply(reason == "not_registered" ? HttpStatusCode.Forbidden : HttpStatusCode.Conflict, null, reason, shopperId, TicketId: ticketId);
                case "failed":
                    // Its script failed (Redis unreachable): the page retries the purchase with the same key, as after a 503.
                    return new PurchaseReply(HttpStatusCode.ServiceUnavailable, null, "failed", shopperId, TicketId: ticketId);
                case "queued":
                    Assert.True(DateTime.UtcNow < deadline, $"ticket {ticketId} was still queued after 60 s");
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(status.GetProperty("retryAfterMs").GetInt64(), 200)));
                    break;
                default:
                    Assert.Fail($"ticket {ticketId} came to '{state}'");
                    break;
            }
        }
    }
}
