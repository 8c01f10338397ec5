using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.LoadTests.Http;

namespace FlashSale.LoadTests;

/// <summary>
/// The engine's HTTP API as the load tests drive it, with per-request tokens: the crowd's requests (purchases,
/// registrations, ticket polls) through the lean <see cref="Http11Client"/>, setup and checks through HttpClient.
/// </summary>
public sealed class EngineClient(Uri api) : IDisposable
{
    /// <summary>Keep-alive connections the crowd shares, as a load balancer's upstream pool would.</summary>
    public const int CrowdConnections = 512;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = new() { BaseAddress = api, Timeout = TimeSpan.FromMinutes(2) };
    private readonly Http11Client _crowd = new(api, CrowdConnections);

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

    /// <summary>Opens the crowd's connections before the clock starts, so the first second of a launch is not spent connecting.</summary>
    public Task ConnectCrowdAsync(CancellationToken cancellationToken) => _crowd.ConnectAllAsync(cancellationToken);

    public Task<JsonElement> GetSaleAsync(string saleId) => SendAsync(HttpMethod.Get, $"/api/v1/sales/{saleId}", null, null, expect: 200);

    /// <summary>Posts; when the engine answers 202 with a waiting-room ticket, follows the ticket to its answer.</summary>
    /// <returns><c>201</c>/<c>200</c> on success (<c>won</c> through a ticket), else the problem's code (or the status).</returns>
    /// <param name="onQueued">Called when the engine queues the request (202), and <paramref name="onAnswered"/> when its ticket is answered.</param>
    public async Task<string> PostAsync(string path, string? token, object? body = null, string? idempotencyKey = null, Action? onQueued = null, Action? onAnswered = null)
    {
        string[] headers = idempotencyKey is null ? [] : [$"Idempotency-Key: {idempotencyKey}"];
        var json = body is null ? ReadOnlyMemory<byte>.Empty : JsonSerializer.SerializeToUtf8Bytes(body, Json);
        var response = await _crowd.SendAsync("POST", path, token, headers, json);
        if (response.Status != 202)
        {
            return OutcomeOf(response);
        }
        onQueued?.Invoke();
        try
        {
            return await FollowTicketAsync(response.Location!, token, JsonDocument.Parse(response.Body).RootElement);
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
    private async Task<string> FollowTicketAsync(string ticket, string? token, JsonElement queued)
    {
        while (true)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(queued.GetProperty("retryAfterMs").GetInt64()));
            var response = await _crowd.SendAsync("GET", ticket, token, [], ReadOnlyMemory<byte>.Empty);
            if (response.Status is < 200 or > 299)
            {
                return OutcomeOf(response);
            }
            queued = JsonDocument.Parse(response.Body).RootElement;
            var state = queued.GetProperty("state").GetString()!;
            if (state != "queued")
            {
                return state == "refused" ? queued.GetProperty("reason").GetString()! : state;
            }
        }
    }

    /// <summary>A success by its status; a refusal by its problem's code.</summary>
    private static string OutcomeOf(Http11Response response)
    {
        var status = response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (response.Status is >= 200 and <= 299 || response.Body.Length == 0 || response.Body[0] != (byte)'{')
        {
            return status;
        }
        return ProblemCode(response.Body) ?? status;
    }

    /// <summary>
    /// The top-level <c>code</c> of a problem body, read without building a document: most of a launch's answers
    /// are sold-out problems, and the generator shares the engine's cores.
    /// </summary>
    public static string? ProblemCode(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isCode = reader.ValueTextEquals("code"u8);
            reader.Read();
            if (isCode && reader.TokenType == JsonTokenType.String)
            {
                return reader.GetString();
            }
            reader.Skip();
        }
        return null;
    }

    public void Dispose()
    {
        _http.Dispose();
        _crowd.Dispose();
    }

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
