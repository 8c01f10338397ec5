using Microsoft.AspNetCore.Http.Metadata;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
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
            var codes = CodesFor(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), context);
            if (codes.Count > 0 && response is OpenApiResponse writable)
            {
                writable.Description = $"{writable.Description}: {string.Join(", ", codes.Select(c => $"`{c}`"))}.";
                writable.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                writable.Extensions[ProblemCodesExtension] = new JsonNodeExtension(new JsonArray([.. codes.Select(c => JsonValue.Create(c))]));
            }
        }
        return Task.CompletedTask;
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
