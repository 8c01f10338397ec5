using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FlashSale.Host.Api.Documentation;

/// <summary>
/// The API leaves a null property out of its answers (<c>DefaultIgnoreCondition</c>, see
/// <see cref="ProblemDetailsHostingExtensions.AddApiConventions"/>), so in a response schema a property that may be
/// null is not required: the document listed an order's <c>payBy</c> as required, and most orders have none. Request
/// schemas keep theirs: a request property that every request needs is nullable only so that the API, not the
/// deserializer, says it is missing.
/// </summary>
public sealed class ResponseSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.ParameterDescription is null && schema is { Required: { Count: > 0 } required, Properties: { } properties })
        {
            foreach (var name in required.Where(name => properties.TryGetValue(name, out var property) && property.Type?.HasFlag(JsonSchemaType.Null) == true).ToList())
            {
                required.Remove(name);
            }
        }
        return Task.CompletedTask;
    }
}
