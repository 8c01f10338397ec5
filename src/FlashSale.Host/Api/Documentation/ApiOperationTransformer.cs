using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace FlashSale.Host.Api.Documentation;

/// <summary>
/// Names the bearer scheme on operations that need a token, and lists on each error response the problem codes
/// the endpoint declared for its status (<see cref="ProblemCodes"/>).
/// </summary>
public sealed class ApiOperationTransformer : IOpenApiOperationTransformer
{
    public const string ProblemCodesExtension = "x-problem-codes";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiDocumentation.BearerScheme, context.Document)] = [],
            });
        }
        foreach (var (status, response) in operation.Responses ?? [])
        {
            var codes = CodesFor(int.Parse(status, CultureInfo.InvariantCulture), context);
            if (codes.Count > 0 && response is OpenApiResponse writable)
            {
                writable.Description = $"{writable.Description}: {string.Join(", ", codes.Select(c => $"`{c}`"))}.";
                writable.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                writable.Extensions[ProblemCodesExtension] = new JsonNodeExtension(new JsonArray([.. codes.Select(c => JsonValue.Create(c))]));
            }
        }
        // Every 201 names what it created (TypedResults.Created), and every 503 says when to try again
        // (ApiExceptionHandler for a server away, the waiting room when full).
        AddHeader(operation, StatusCodes.Status201Created, HeaderNames.Location, "What was created.");
        AddHeader(operation, StatusCodes.Status503ServiceUnavailable, HeaderNames.RetryAfter, "Seconds to wait before retrying with the same request.");
        return Task.CompletedTask;
    }

    /// <summary>Adds a header to the operation's <paramref name="status"/> response, if it documents one.</summary>
    public static void AddHeader(OpenApiOperation operation, int status, string name, string description)
    {
        if (operation.Responses?.GetValueOrDefault(status.ToString(CultureInfo.InvariantCulture)) is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
    }

    /// <summary>
    /// The codes declared for <paramref name="status"/>, and <c>validation</c> for the 400 an endpoint that returns
    /// <see cref="Microsoft.AspNetCore.Http.HttpResults.ValidationProblem"/> declares by its return type.
    /// </summary>
    private static List<string> CodesFor(int status, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var codes = metadata.OfType<ProblemCodes>().Where(p => p.Status == status).SelectMany(p => p.Codes).ToList();
        if (metadata.OfType<IProducesResponseTypeMetadata>().Any(r => r.StatusCode == status && r.Type == typeof(HttpValidationProblemDetails)))
        {
            codes.Insert(0, Problems.Validation);
        }
        return [.. codes.Distinct()];
    }
}
