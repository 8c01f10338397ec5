using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FlashSale.Host.Api.Documentation;

namespace FlashSale.IntegrationTests;

/// <summary>The engine's OpenAPI document as the tests read it: operations by method and path, with their responses.</summary>
public sealed partial class ApiDocument(JsonElement root)
{
    public JsonElement Root { get; } = root;

    public static async Task<ApiDocument> LoadAsync(HttpClient client) =>
        new(await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json"));

    public IEnumerable<(string Method, string Path, JsonElement Operation)> Operations =>
        from path in Root.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        select (operation.Name.ToUpperInvariant(), path.Name, operation.Value);

    /// <summary>The operation whose path matches <paramref name="template"/> once both have their parameters blanked.</summary>
    public JsonElement? Find(string method, string template) =>
        Operations.Where(o => o.Method == method && Shape(o.Path) == Shape(template)).Select(o => (JsonElement?)o.Operation).FirstOrDefault();

    /// <summary>The operation's response for <paramref name="status"/>, if it documents one.</summary>
    public static bool TryGetResponse(JsonElement operation, int status, out JsonElement response) =>
        operation.GetProperty("responses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out response);

    public static IReadOnlyList<string> ProblemCodes(JsonElement operation, int status) =>
        TryGetResponse(operation, status, out var response) && response.TryGetProperty(ApiOperationTransformer.ProblemCodesExtension, out var codes)
            ? [.. codes.EnumerateArray().Select(c => c.GetString()!)]
            : [];

    public static bool Documents(JsonElement operation, int status) => TryGetResponse(operation, status, out _);

    public static bool DocumentsHeader(JsonElement operation, int status, string header) =>
        TryGetResponse(operation, status, out var response) && response.TryGetProperty("headers", out var headers) && headers.TryGetProperty(header, out _);

    /// <summary>The schema a <c>$ref</c> names, or the schema itself.</summary>
    public JsonElement Resolve(JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? Root.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!["#/components/schemas/".Length..])
            : schema;

    private static string Shape(string template) => Parameter().Replace(template.Split('?')[0], "{}");

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
