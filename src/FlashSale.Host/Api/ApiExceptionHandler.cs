using System.Text.Json;
using FlashSale.Abstractions.Purchases;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace FlashSale.Host.Api;

/// <summary>
/// Turns bad requests the framework detects (malformed JSON, oversized bodies) into 4xx problems (a body it cannot
/// read as the request's JSON into a validation problem naming the field at fault), and
/// an unreachable Redis, PostgreSQL or silo into 503 with Retry-After: the shopper retries with the same
/// idempotency key, which is safe whether or not the first attempt reached Redis.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, IOptions<JsonOptions> json, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException { InnerException: JsonException fault })
        {
            // The endpoint that failed, which the handler middleware has already cleared from the context.
            var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
            var body = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
            await JsonBodyFaults.Problem(fault, body, json.Value.SerializerOptions).ExecuteAsync(context);
            return true;
        }
        var (status, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, bad.Message),
            _ when IsUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, "A backing service is unavailable; retry with the same Idempotency-Key."),
            _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred."),
        };
        if (status >= 500)
        {
            LogFailure(exception, context.Request.Method, context.Request.Path);
        }
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "1";
        }
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Detail = detail },
        });
    }

    private static bool IsUnavailable(Exception exception) =>
        exception is RedisException or TimeoutException or NpgsqlException or SiloUnavailableException or OrleansMessageRejectionException
        || exception.GetType().Name == "UnavailableExceptionFallbackException" // a remote exception Orleans could not rebuild
        || (exception.InnerException is { } inner && IsUnavailable(inner));

    [LoggerMessage(LogLevel.Error, "{Method} {Path} failed")]
    private partial void LogFailure(Exception exception, string method, string path);
}
