using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace FlashSale.Host.Api.Documentation;

/// <summary>
/// Endpoint metadata: the problem <c>code</c>s an endpoint answers with under one status. The API document lists them
/// on that response (<see cref="ApiOperationTransformer"/>), so clients can branch on every code they may meet.
/// </summary>
public sealed record ProblemCodes(int Status, IReadOnlyList<string> Codes);

public static class ProblemCodesExtensions
{
    /// <summary>Documents that the endpoint may refuse with <paramref name="status"/> and one of <paramref name="codes"/>.</summary>
    public static TBuilder Refuses<TBuilder>(this TBuilder builder, int status, params string[] codes) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint => endpoint.Refuses(status, codes));
        return builder;
    }

    /// <summary>Documents each (status, code) pair, the codes of one status on one response.</summary>
    public static TBuilder Refuses<TBuilder>(this TBuilder builder, IEnumerable<(int Status, string Code)> refusals) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in refusals.GroupBy(r => r.Status))
        {
            builder.Refuses(status.Key, [.. status.Select(r => r.Code).Distinct()]);
        }
        return builder;
    }

    public static void Refuses(this EndpointBuilder endpoint, int status, params string[] codes)
    {
        // A status the endpoint's return type already documents keeps its schema (a 400's validation errors).
        if (!endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == status))
        {
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ApiDocumentation.ProblemContentType]));
        }
        endpoint.Metadata.Add(new ProblemCodes(status, codes));
    }
}
