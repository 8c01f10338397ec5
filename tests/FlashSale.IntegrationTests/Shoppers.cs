using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace FlashSale.IntegrationTests;

/// <summary>What a shopper's purchase request got back.</summary>
public sealed record PurchaseReply(HttpStatusCode Status, string? OrderId, string? Code, string ShopperId);

public static class Shoppers
{
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
        return new PurchaseReply(
            response.StatusCode,
            response.StatusCode == HttpStatusCode.Created ? json.GetProperty("orderId").GetString() : null,
            response.StatusCode != HttpStatusCode.Created && json.ValueKind == JsonValueKind.Object && json.TryGetProperty("code", out var code) ? code.GetString() : null,
            shopperId);
    }
}
