using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.Auth;

namespace FlashSale.Cli;

/// <summary>A problem-details answer from the API, shown to the operator as it is.</summary>
public sealed class ApiProblemException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;
}

/// <summary>
/// The engine's HTTP API as the CLI uses it. The token comes from --token, else FLASHSALE_TOKEN, else an ops
/// token minted with FlashSale__Auth__SigningKey (or the development key), which suits a local engine.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;

    public ApiClient(Uri api, string? token)
    {
        _http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(5) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? MintOpsToken());
    }

    public Task<JsonElement> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<JsonElement> PostAsync(string path, object body) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) });

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement> SendAsync(HttpRequestMessage request)
    {
        using (request)
        using (var response = await _http.SendAsync(request))
        {
            var text = await response.Content.ReadAsStringAsync();
            var body = text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
            if (response.IsSuccessStatusCode)
            {
                return body;
            }
            string? Field(string name) => body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var v) ? v.ToString() : null;
            var message = string.Join(" ", new[] { Field("title"), Field("detail"), Field("errors") }.Where(s => s is not null));
            throw new ApiProblemException((int)response.StatusCode, Field("code") ?? "error", message.Length > 0 ? message : response.ReasonPhrase ?? "");
        }
    }

    private static string MintOpsToken() => new TokenMinter(new AuthOptions
    {
        SigningKey = Environment.GetEnvironmentVariable("FlashSale__Auth__SigningKey") ?? AuthOptions.DevelopmentSigningKey,
    }).Mint("ops-cli", TimeSpan.FromHours(1), AuthOptions.OpsRole);
}
