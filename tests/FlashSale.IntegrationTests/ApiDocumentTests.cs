using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FlashSale.Host.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.IntegrationTests;

/// <summary>
/// The OpenAPI document and its reference page, served by a running engine. <see cref="ApiFuzzTests"/> checks the
/// other way round: every answer the fuzzed API gives is one the document lists.
/// </summary>
public sealed partial class ApiDocumentTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private EngineEnvironment Env => engine.Environment;

    [Fact]
    public async Task Every_api_endpoint_is_documented_and_names_the_bearer_scheme_when_it_needs_a_token()
    {
        using var client = EngineEnvironment.Client(engine.Host);
        var document = await ApiDocument.LoadAsync(client);
        var endpoints = engine.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetRequiredMetadata<HttpMethodMetadata>().HttpMethods.Select(method => (method, e)))
            .ToList();

        Assert.Equal(13, endpoints.Count);
        Assert.Equal(endpoints.Count, document.Operations.Count());
        foreach (var (method, endpoint) in endpoints)
        {
            var operation = document.Find(method, endpoint.RoutePattern.RawText!)
                ?? throw new Xunit.Sdk.XunitException($"{method} {endpoint.RoutePattern.RawText} is not in the document.");
            var needsToken = endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
            Assert.Equal(needsToken, operation.TryGetProperty("security", out _));
            Assert.Equal(needsToken, ApiDocument.Documents(operation, StatusCodes.Status401Unauthorized));
            Assert.Contains(Problems.Unavailable, ApiDocument.ProblemCodes(operation, StatusCodes.Status503ServiceUnavailable));
            Assert.False(string.IsNullOrEmpty(operation.GetProperty("summary").GetString()), $"{method} {endpoint.RoutePattern.RawText} has no summary.");
        }
        Assert.Equal("bearer", document.Root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task The_purchase_documents_its_key_header_and_every_refusal_a_purchase_can_meet()
    {
        using var client = EngineEnvironment.Client(engine.Host);
        var purchase = (await ApiDocument.LoadAsync(client)).Find("POST", "/api/v1/sales/{saleId}/purchases")!.Value;

        var key = purchase.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == PurchaseEndpoints.IdempotencyKeyHeader);
        Assert.Equal(("header", true), (key.GetProperty("in").GetString(), key.GetProperty("required").GetBoolean()));
        foreach (var (status, code) in PurchaseRefusals.All)
        {
            Assert.Contains(code, ApiDocument.ProblemCodes(purchase, status));
        }
    }

    [Fact]
    public async Task Real_answers_carry_only_the_properties_their_documented_schemas_name()
    {
        var saleId = await Env.CreateSaleAsync(engine.Host, stock: 2);
        using var client = EngineEnvironment.Client(engine.Host);
        var document = await ApiDocument.LoadAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sales/{saleId}/purchases");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Env.ShopperToken("doc-1"));
        request.Headers.Add(PurchaseEndpoints.IdempotencyKeyHeader, "k");
        using var bought = await client.SendAsync(request);
        var sale = await EngineEnvironment.GetSaleAsync(engine.Host, saleId);

        Assert.Equal(HttpStatusCode.Created, bought.StatusCode);
        AssertMatches(document, "POST", "/api/v1/sales/{saleId}/purchases", StatusCodes.Status201Created, await bought.Content.ReadFromJsonAsync<JsonElement>());
        AssertMatches(document, "GET", "/api/v1/sales/{saleId}", StatusCodes.Status200OK, sale);
    }

    [Fact]
    public async Task The_reference_page_loads_its_script_from_the_engine_itself_and_nothing_from_outside()
    {
        using var client = EngineEnvironment.Client(engine.Host);

        using var page = await client.GetAsync("/scalar/v1");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal((HttpStatusCode.OK, "text/html"), (page.StatusCode, page.Content.Headers.ContentType?.MediaType));
        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            Assert.DoesNotContain("//", script, StringComparison.Ordinal);
            using var asset = await client.GetAsync(new Uri(new Uri(client.BaseAddress!, "/scalar/v1"), script));
            Assert.Equal((HttpStatusCode.OK, "text/javascript"), (asset.StatusCode, asset.Content.Headers.ContentType?.MediaType));
        }
        // The script itself would fetch fonts from Scalar's CDN, send telemetry and offer hosted AI tools.
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"agent\":{\"disabled\":true}", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// docs/openapi.json is the document the engine serves, so a change to the API's contract shows in review as a
    /// change to that file. Set FLASHSALE_WRITE_API_DOCUMENT=1 to write it afresh after changing the API on purpose.
    /// </summary>
    [Fact]
    public async Task The_committed_api_document_is_the_one_the_engine_serves()
    {
        using var client = EngineEnvironment.Client(engine.Host);
        var served = Canonical(await client.GetStringAsync("/openapi/v1.json"));
        var path = Path.Combine(RepositoryRoot(), "docs", "openapi.json");

        if (System.Environment.GetEnvironmentVariable("FLASHSALE_WRITE_API_DOCUMENT") == "1")
        {
            await File.WriteAllTextAsync(path, served);
        }
        var committed = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        Assert.True(served == committed.ReplaceLineEndings("\n"),
            $"{path} is not the document the engine serves. If the API changed on purpose, write it afresh: " +
            "FLASHSALE_WRITE_API_DOCUMENT=1 ./infra/test.sh --filter ApiDocumentTests");
    }

    /// <summary>Indented, with the servers left out: they name the port the test host happened to listen on.</summary>
    private static string Canonical(string document)
    {
        var root = JsonNode.Parse(document)!.AsObject();
        root.Remove("servers");
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FlashSale.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No FlashSale.sln above {AppContext.BaseDirectory}.");
    }

    private static void AssertMatches(ApiDocument document, string method, string path, int status, JsonElement body)
    {
        var operation = document.Find(method, path)!.Value;
        Assert.True(ApiDocument.TryGetResponse(operation, status, out var response), $"{method} {path} documents no {status}.");
        var schema = document.Resolve(response.GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        var documented = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        var sent = body.EnumerateObject().Select(p => p.Name).ToList();
        Assert.All(sent, name => Assert.Contains(name, documented));
        if (schema.TryGetProperty("required", out var required))
        {
            Assert.All(required.EnumerateArray().Select(r => r.GetString()!), name => Assert.Contains(name, sent));
        }
    }

    [GeneratedRegex("<script[^>]*src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
