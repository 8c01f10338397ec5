using FlashSale.Host.Hosting;
using Microsoft.AspNetCore.Authorization;
using Scalar.AspNetCore;

namespace FlashSale.Host.Api.Documentation;

/// <summary>
/// The API's OpenAPI document at <c>/openapi/v1.json</c> and its reference page at <c>/scalar/v1</c>, both anonymous:
/// they describe what the API answers anyone anyway. The page's script is served from the package, not a CDN, and the
/// page is told to fetch nothing else from outside, so it works on a host with no way out.
/// </summary>
public static class ApiDocumentation
{
    public const string DocumentName = "v1";
    public const string ProblemContentType = "application/problem+json";
    public const string BearerScheme = "Bearer";

    /// <summary>
    /// Statuses any request may get before it reaches an endpoint, so the document states them once (in its
    /// description) rather than on every operation: a target or head over the limits, a body over the limit or in a
    /// media type or charset the API does not read.
    /// </summary>
    public static readonly IReadOnlyList<int> AnyRequestStatuses =
    [
        StatusCodes.Status413PayloadTooLarge,
        StatusCodes.Status414UriTooLong,
        StatusCodes.Status415UnsupportedMediaType,
        StatusCodes.Status431RequestHeaderFieldsTooLarge,
    ];

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, o =>
        {
            o.AddDocumentTransformer<ApiDocumentTransformer>();
            o.AddOperationTransformer<ApiOperationTransformer>();
            o.AddSchemaTransformer<NullableSchemaTransformer>();
        });

    /// <summary>
    /// Documents on each endpoint of <paramref name="api"/> the refusals that do not depend on what it does: a 503
    /// when a server it needs does not answer (<see cref="ApiExceptionHandler"/>), and what its authorization policy
    /// answers: 401 without a valid token, 403 where only ops may call. Runs after the endpoints' own conventions,
    /// which set the policy.
    /// </summary>
    public static RouteGroupBuilder WithCommonProblems(this RouteGroupBuilder api)
    {
        ((IEndpointConventionBuilder)api).Finally(endpoint =>
        {
            endpoint.Refuses(StatusCodes.Status503ServiceUnavailable, Problems.Unavailable);
            var policies = endpoint.Metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
            if (policies.Count == 0 || endpoint.Metadata.OfType<IAllowAnonymous>().Any())
            {
                return;
            }
            endpoint.Refuses(StatusCodes.Status401Unauthorized, Problems.CodeFor(StatusCodes.Status401Unauthorized));
            if (policies.Contains(AuthHostingExtensions.OpsPolicy))
            {
                endpoint.Refuses(StatusCodes.Status403Forbidden, Problems.Forbidden);
            }
        });
        return api;
    }

    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference(o =>
        {
            o.WithTitle("FlashSale API").AddPreferredSecuritySchemes(BearerScheme).DisableAgent().DisableMcp();
            // Nothing on the page reaches beyond the engine: no fonts from Scalar's CDN, no telemetry, no hosted
            // tools (an AI assistant, SDK generation, deployment) that would send the document to a third party.
            o.DefaultFonts = false;
            o.Telemetry = false;
            o.ShowDeveloperTools = DeveloperToolsVisibility.Never;
        });
        return app;
    }
}
