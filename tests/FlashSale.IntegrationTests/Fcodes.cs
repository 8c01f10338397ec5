using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FlashSale.IntegrationTests;

/// <summary>What ops and holders do with F-codes, over HTTP.</summary>
public static class Fcodes
{
    public static async Task<string[]> IssueAsync(EngineEnvironment env, FlashSaleApp host, string saleId, object request)
    {
        using var ops = EngineEnvironment.Client(host, env.OpsToken());
        using var response = await ops.PostAsJsonAsync($"/api/v1/sales/{saleId}/fcodes", request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(EngineEnvironment.Json);
        return [.. body.GetProperty("codes").EnumerateArray().Select(c => c.GetProperty("code").GetString()!)];
    }

    public static Task<string[]> IssueToAsync(EngineEnvironment env, FlashSaleApp host, string saleId, params string[] owners) =>
        IssueAsync(env, host, saleId, new { ownerIds = owners });

    /// <returns>The status and the problem code (null on success).</returns>
    public static async Task<(HttpStatusCode Status, string? Code)> PostAsync(FlashSaleApp host, string token, string path, object? body = null)
    {
        using var client = EngineEnvironment.Client(host, token);
        using var response = await client.PostAsJsonAsync(path, body ?? new { });
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(EngineEnvironment.Json);
        return (response.StatusCode, json.TryGetProperty("code", out var c) && !response.IsSuccessStatusCode ? c.GetString() : null);
    }

    public static Task<(HttpStatusCode Status, string? Code)> TransferAsync(FlashSaleApp host, string token, string code, string toShopperId) =>
        PostAsync(host, token, $"/api/v1/fcodes/{code}/transfer", new { toShopperId });

    public static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(FlashSaleApp host, string token, string code)
    {
        using var client = EngineEnvironment.Client(host, token);
        using var response = await client.GetAsync($"/api/v1/fcodes/{code}");
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(EngineEnvironment.Json));
    }
}
