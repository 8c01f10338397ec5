using Microsoft.AspNetCore.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlashSale.Host.Api;

public static class ProblemDetailsHostingExtensions
{
    /// <summary>Problem details for every error, including the ones the framework writes itself.</summary>
    public static IServiceCollection AddApiConventions(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            var status = c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode;
            if (!c.ProblemDetails.Extensions.ContainsKey("code"))
            {
                var code = Problems.CodeFor(status);
                c.ProblemDetails.Extensions["code"] = code;
                c.ProblemDetails.Type = Problems.TypeOf(code);
            }
            if (status == StatusCodes.Status415UnsupportedMediaType)
            {
                // The framework's 415 (a body without a JSON content type) says nothing of what to send instead.
                c.ProblemDetails.Detail ??= "Send the body as JSON, with Content-Type: application/json.";
            }
        });
        AnyAcceptProblemDetailsWriter.Decorate(services);
        services.AddExceptionHandler<ApiExceptionHandler>();
        // Without this, minimal APIs answer a malformed body with an empty 400 outside Development.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            // A property given twice (the last one won) or one the request does not take (a misspelt optional one
            // was dropped, and the sale created without it) is refused instead, naming the property.
            o.SerializerOptions.AllowDuplicateProperties = false;
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            // A number sent as a string ("stock": "12") is refused as the wrong kind, not read: the web defaults'
            // leniency let the API document type every number as "integer or string".
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        return services;
    }
}
