using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FlashSale.Host.Api.Documentation;

/// <summary>The document's description of the API as a whole, and the bearer scheme its operations name.</summary>
public sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "FlashSale API",
            Version = ApiDocumentation.DocumentName,
            Description = Description,
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiDocumentation.BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An HS256 token whose `sub` is the shopper id; ops tokens also carry the role `ops`.",
        };
        return Task.CompletedTask;
    }

    private static readonly string Description = $"""
        Launch-day sales of scarce products: ops create sales and issue F-codes, shoppers register, buy and redeem.

        Every error is RFC 9457 problem details (`{ApiDocumentation.ProblemContentType}`) with a stable `code`
        (and `type` `urn:flashsale:problem:{"{code}"}`); branch on the code, never on the title. Each operation's error
        responses list their codes in `x-problem-codes`. Any request may also be answered
        {string.Join(", ", ApiDocumentation.AnyRequestStatuses)} before it reaches an operation: a target, head or body
        over the limits, or a body in a media type or charset the API does not read (send UTF-8 JSON).

        A purchase takes an `Idempotency-Key`: retry with the same key and the same answer comes back, never a second unit.
        """;
}
