using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FlashSale.Host.Api.Documentation;

/// <summary>
/// Documents parameters an endpoint reads from the request itself rather than binding them (so that it can refuse
/// a header or query value given twice, which binding would join into one), and headers it sets on its answers.
/// </summary>
public static class OperationParameters
{
    public static RouteHandlerBuilder WithIdempotencyKeyHeader(this RouteHandlerBuilder builder) =>
        builder.WithParameter(new OpenApiParameter
        {
            Name = PurchaseEndpoints.IdempotencyKeyHeader,
            In = ParameterLocation.Header,
            Required = true,
            Description = "The shopper's key for this purchase, sent once: a retry with the same key gets the first answer again.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = Identifiers.MaxIdempotencyKeyLength, Pattern = "^[!-~]+$" },
        });

    public static RouteHandlerBuilder WithQueryParameter(this RouteHandlerBuilder builder, string name, string description) =>
        builder.WithParameter(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Query,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });

    /// <summary>Documents a header the endpoint sets on its <paramref name="status"/> answers.</summary>
    public static RouteHandlerBuilder WithResponseHeader(this RouteHandlerBuilder builder, int status, string name, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            ApiOperationTransformer.AddHeader(operation, status, name, description);
            return Task.CompletedTask;
        });

    private static RouteHandlerBuilder WithParameter(this RouteHandlerBuilder builder, OpenApiParameter parameter) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(parameter);
            return Task.CompletedTask;
        });
}
