using System.Net;
using System.Text.Json;

namespace FlashSale.IntegrationTests;

/// <summary>With Redis unreachable the engine says so: 503 with Retry-After and a problem body, never a bare 500.</summary>
public sealed class OutageTests : IAsyncLifetime
{
    private EngineEnvironment _env = null!;
    private FlashSaleApp _host = null!;

    public async Task InitializeAsync()
    {
        _env = await EngineEnvironment.CreateAsync();
        // Nothing listens on port 1; the host starts anyway (Redis connects lazily) and must degrade cleanly.
        _host = _env.StartHost(new Dictionary<string, string?> { ["FlashSale:Redis:Configuration"] = "127.0.0.1:1,connectTimeout=500" });
    }

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task Purchases_and_reads_get_503_with_retry_after_and_readiness_fails()
    {
        using var client = EngineEnvironment.Client(_host, _env.ShopperToken("alice"));
        using var purchase = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sales/{Guid.NewGuid():N}/purchases");
        purchase.Headers.Add("Idempotency-Key", "k");

        using var bought = await client.SendAsync(purchase);
        using var read = await client.GetAsync($"/api/v1/sales/{Guid.NewGuid():N}");
        using var ready = await client.GetAsync("/health/ready");

        foreach (var response in new[] { bought, read })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("1", response.Headers.RetryAfter?.ToString());
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("unavailable", problem.GetProperty("code").GetString());
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }
}
