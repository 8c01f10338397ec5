using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace FlashSale.Host.Api;

/// <summary>
/// Refuses a request whose target or headers are too long, or whose headers are too many, with a 414 or 431 in
/// problem details. Kestrel's own refusals of the same requests are empty bodies written before any middleware
/// runs, so Kestrel is told to read <see cref="ApiLimitsOptions.KestrelHeadroom"/> times more and this middleware
/// draws the line instead.
/// </summary>
public static class RequestHeadLimits
{
    private const int LargestHeadLimit = int.MaxValue / ApiLimitsOptions.KestrelHeadroom;

    private static readonly string HeadLimitRule = $"must be between 1 and {LargestHeadLimit}.";

    /// <summary>
    /// Binds <see cref="ApiLimitsOptions"/> and gives Kestrel its limits: the API's body limit, and the headroom
    /// above the API's head limits.
    /// </summary>
    public static IServiceCollection AddApiLimits(this IServiceCollection services, IConfiguration configuration)
    {
        const string section = ApiLimitsOptions.Section;
        services.AddOptions<ApiLimitsOptions>().Bind(configuration.GetSection(section))
            .Validate(o => o.MaxRequestBodyBytes >= 1, $"{section}:MaxRequestBodyBytes must be positive.")
            .Validate(o => WithinHeadroom(o.MaxRequestTargetLength), $"{section}:MaxRequestTargetLength {HeadLimitRule}")
            .Validate(o => WithinHeadroom(o.MaxRequestHeadersLength), $"{section}:MaxRequestHeadersLength {HeadLimitRule}")
            .Validate(o => WithinHeadroom(o.MaxRequestHeaderCount), $"{section}:MaxRequestHeaderCount {HeadLimitRule}")
            .ValidateOnStart();
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<ApiLimitsOptions>>((kestrel, limits) => Apply(kestrel.Limits, limits.Value));
        return services;
    }

    private static void Apply(KestrelServerLimits kestrel, ApiLimitsOptions limits)
    {
        kestrel.MaxRequestBodySize = limits.MaxRequestBodyBytes;
        kestrel.MaxRequestLineSize = Headroom(limits.MaxRequestTargetLength);
        kestrel.MaxRequestHeadersTotalSize = Headroom(limits.MaxRequestHeadersLength);
        kestrel.MaxRequestHeaderCount = Headroom(limits.MaxRequestHeaderCount);
    }

    /// <summary>
    /// Answers a request over the limits with its status and no body: the status-code pages in front of it write
    /// the problem details, as they do for the framework's other bodiless errors.
    /// </summary>
    public static IApplicationBuilder UseRequestHeadLimits(this IApplicationBuilder app)
    {
        var limits = app.ApplicationServices.GetRequiredService<IOptions<ApiLimitsOptions>>().Value;
        return app.Use((context, next) =>
        {
            if (context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget.Length > limits.MaxRequestTargetLength)
            {
                context.Response.StatusCode = StatusCodes.Status414UriTooLong;
                return Task.CompletedTask;
            }
            var headers = context.Request.Headers;
            if (headers.Count > limits.MaxRequestHeaderCount || HeadersLength(headers) > limits.MaxRequestHeadersLength)
            {
                context.Response.StatusCode = StatusCodes.Status431RequestHeaderFieldsTooLarge;
                return Task.CompletedTask;
            }
            return next(context);
        });
    }

    private static bool WithinHeadroom(int limit) => limit is >= 1 and <= LargestHeadLimit;

    private static int Headroom(int limit) => limit * ApiLimitsOptions.KestrelHeadroom;

    private static int HeadersLength(IHeaderDictionary headers)
    {
        var length = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                // "Name: value\r\n" for each value, as a client sends a repeated field.
                length += name.Length + (value?.Length ?? 0) + 4;
            }
        }
        return length;
    }
}
