using System.Net.Http.Json;
using System.Text.Json;

namespace FlashSale.LoadTests;

/// <summary>The engine's HTTP API as the load tests drive it: one pooled client, per-request tokens.</summary>
public sealed class EngineClient(Uri api) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = api, Timeout = TimeSpan.FromMinutes(2) };

    public async Task<string> CreateSaleAsync(string opsToken, object sale)
    {
        var body = await SendAsync(HttpMethod.Post, "/api/v1/sales", opsToken, sale, expect: 201);
        return body.GetProperty("saleId").GetString()!;
    }

    public async Task<string[]> IssueFcodesAsync(string opsToken, string saleId, string[] owners)
    {
        var body = await SendAsync(HttpMethod.Post, $"/api/v1/sales/{saleId}/fcodes", opsToken, new { ownerIds = owners }, expect: 201);
        return [.. body.GetProperty("codes").EnumerateArray().Select(c => c.GetProperty("code").GetString()!)];
    }

    public Task<JsonElement> GetSaleAsync(string saleId) => SendAsync(HttpMethod.Get, $"/api/v1/sales/{saleId}", null, null, expect: 200);

    /// <summary>Posts; when the engine answers 202 with a waiting-room ticket, follows the ticket to its answer.</summary>
    /// <returns><c>201</c>/<c>200</c> on success (<c>won</c> through a ticket), else the problem's code (or the status).</returns>
    /// <param name="onQueued">Called when the engine queues the request (202), and <paramref name="onAnswered"/> when its ticket is answered.</param>
    public async Task<string> PostAsync(string path, string? token, object? body = null, string? idempotencyKey = null, Action? onQueued = null, Action? onAnswered = null)
    {
        using var request = Request(HttpMethod.Post, path, token, body);
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }
        // Headers only: a success is judged by its status, so its body is never buffered.
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
        {
            return await OutcomeOfAsync(response);
        }
        onQueued?.Invoke();
        try
        {
            return await FollowTicketAsync(response.Headers.Location!, token, await response.Content.ReadFromJsonAsync<JsonElement>(Json));
        }
        finally
        {
            onAnswered?.Invoke();
        }
    }

    /// <summary>
    /// Polls a waiting-room ticket as a shopper's page would, after each answer's retryAfterMs, until it is answered.
    /// </summary>
    /// <returns><c>won</c>, <c>sold_out</c>, the refusal's problem code, or <c>failed</c>.</returns>
    private async Task<string> FollowTicketAsync(Uri ticket, string? token, JsonElement queued)
    {
        while (true)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(queued.GetProperty("retryAfterMs").GetInt64()));
            using var request = Request(HttpMethod.Get, ticket.ToString(), token, null);
            using var response = await _http.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                return await OutcomeOfAsync(response);
            }
            queued = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
            var state = queued.GetProperty("state").GetString()!;
            if (state != "queued")
            {
                return state == "refused" ? queued.GetProperty("reason").GetString()! : state;
            }
        }
    }

    private static async Task<string> OutcomeOfAsync(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
        {
            return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var text = await response.Content.ReadAsStringAsync();
        return text.StartsWith('{') && JsonDocument.Parse(text).RootElement.TryGetProperty("code", out var code)
            ? code.GetString()!
            : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? token, object? body, int expect)
    {
        using var request = Request(method, path, token, body);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != expect)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? token, object? body)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        if (token is not null)
        {
            // Unvalidated: parsing a header the generator itself wrote would cost CPU the server under test needs.
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }
        return request;
    }
}
