using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FlashSale.Host.Api.Documentation;

/// <summary>
/// Says what null means in each direction, which the generator reads from the C# types alone. The API leaves a null
/// property out of its answers (<c>DefaultIgnoreCondition</c>, see <see cref="ProblemDetailsHostingExtensions.AddApiConventions"/>),
/// so in a response a property that may be null is not required: the document listed an order's <c>payBy</c> as
/// required, and most orders have none. A request's required property is nullable only so that the API, not the
/// deserializer, says it is missing, and the API refuses a null there too: it is required and not null.
/// </summary>
public sealed class NullableSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema is not { Required: { Count: > 0 } required, Properties: { } properties })
        {
            return Task.CompletedTask;
        }
        var nullable = required.Where(name => properties.TryGetValue(name, out var property) && property.Type?.HasFlag(JsonSchemaType.Null) == true).ToList();
        foreach (var name in nullable)
        {
            if (context.ParameterDescription is null)
            {
                required.Remove(name);
            }
            else if (properties[name] is OpenApiSchema property)
            {
                property.Type &= ~JsonSchemaType.Null;
            }
        }
        return Task.CompletedTask;
    }
}
