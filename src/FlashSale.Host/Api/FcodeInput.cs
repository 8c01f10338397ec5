using System.Globalization;
using System.Security.Claims;
using FlashSale.Fcodes;
using FlashSale.Stock;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlashSale.Host.Api;

/// <summary>
/// Reads an F-code a shopper typed, counting every miss (a typo, or a well-formed code that does not exist
/// for them) against the shopper's attempt budget. Ops are not throttled.
/// </summary>
public sealed class FcodeInput(FcodeAttemptThrottle throttle)
{
    /// <returns>The normalized code, or the problem to answer with.</returns>
    public async Task<(string? Code, ProblemHttpResult? Problem)> ParseAsync(string? input, ClaimsPrincipal user, HttpResponse response)
    {
        if (Throttled(user) is { } shopper && await throttle.IsBlockedAsync(shopper))
        {
            response.Headers.RetryAfter = ((int)throttle.Window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return (null, Problems.Of(StatusCodes.Status429TooManyRequests, Problems.TooManyAttempts,
                "Too many failed F-code attempts.", $"Wait up to {throttle.Window.TotalSeconds:F0} s before trying again."));
        }
        var parse = FcodeFormat.Parse(input, out var code);
        if (parse == FcodeParse.Valid)
        {
            return (code, null);
        }
        await MissedAsync(user);
        return (null, Problems.Of(StatusCodes.Status400BadRequest, Problems.FcodeInvalid,
            parse == FcodeParse.WrongCheckCharacter
                ? "The F-code has a typo: its check character does not match."
                : "That is not an F-code: 13 characters, shown as XXXX-XXXX-XXXX-X."));
    }

    /// <summary>Counts a well-formed code that led nowhere.</summary>
    public async Task MissedAsync(ClaimsPrincipal user)
    {
        if (Throttled(user) is { } shopper)
        {
            await throttle.RecordFailureAsync(shopper);
        }
    }

    private static string? Throttled(ClaimsPrincipal user) => Identifiers.IsOps(user) ? null : Identifiers.ShopperId(user);
}
