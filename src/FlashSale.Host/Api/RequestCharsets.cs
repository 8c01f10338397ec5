using System.Text;
using Microsoft.Net.Http.Headers;

namespace FlashSale.Host.Api;

/// <summary>
/// Refuses a body whose <c>Content-Type</c> names a charset this runtime cannot decode, with a 415 in problem
/// details. Left to the JSON binder, the same body ends in an <see cref="InvalidOperationException"/>: a 500.
/// </summary>
public static class RequestCharsets
{
    public static IApplicationBuilder UseKnownRequestCharsets(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Request.ContentType is { } contentType && UnknownCharset(contentType) is { } charset)
            {
                return Problems.Of(StatusCodes.Status415UnsupportedMediaType, Problems.CodeFor(StatusCodes.Status415UnsupportedMediaType),
                    "Unsupported Media Type", $"The charset '{charset}' is not one this API can read; send UTF-8.").ExecuteAsync(context);
            }
            return next(context);
        });

    /// <summary>
    /// The charset the content type names, when the runtime does not know it; the charset is looked up as the
    /// framework's JSON reader looks it up. Purchases seldom carry a body, so most requests stop at the first test.
    /// </summary>
    private static string? UnknownCharset(string contentType)
    {
        if (!contentType.Contains("charset", StringComparison.OrdinalIgnoreCase)
            || !MediaTypeHeaderValue.TryParse(contentType, out var mediaType) || mediaType.Charset.Length == 0)
        {
            return null;
        }
        var charset = HeaderUtilities.RemoveQuotes(mediaType.Charset).ToString();
        try
        {
            Encoding.GetEncoding(charset);
            return null;
        }
        catch (ArgumentException)
        {
            return charset;
        }
    }
}
