using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FlashSale.Host.Api;

/// <summary>
/// An endpoint whose body every request must carry. The handler's body parameter is nullable, so that a request
/// without one (or with <c>null</c>) reaches this filter, which answers the API's own 400
/// (<see cref="Problems.BodyRequired"/>) instead of the framework's message for developers; the handler runs only with a
/// body. The API document says the body is required and not null, where the generator, seeing the nullable
/// parameter, would say "optional, may be null".
/// </summary>
public static class RequiredBody
{
    public static RouteHandlerBuilder WithRequiredBody<TBody>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilterFactory(RefuseMissing<TBody>).AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.RequestBody is OpenApiRequestBody body)
            {
                body.Required = true;
                foreach (var media in body.Content?.Values ?? [])
                {
                    if (media.Schema is OpenApiSchema { OneOf: { Count: 2 } choices } && choices.Count(c => c.Type == JsonSchemaType.Null) == 1)
                    {
                        media.Schema = choices.Single(c => c.Type != JsonSchemaType.Null);
                    }
                }
            }
            return Task.CompletedTask;
        });

    private static EndpointFilterDelegate RefuseMissing<TBody>(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var index = Array.FindIndex(context.MethodInfo.GetParameters(), p => p.ParameterType == typeof(TBody));
        if (index < 0)
        {
            throw new InvalidOperationException($"{context.MethodInfo.Name} takes no {typeof(TBody).Name} to require.");
        }
        return invocation => invocation.Arguments[index] is null ? ValueTask.FromResult<object?>(Problems.BodyRequired()) : next(invocation);
    }
}
