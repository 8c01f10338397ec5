using System.Buffers;
using System.Security.Claims;
using FlashSale.Auth;

namespace FlashSale.Host.Api;

/// <summary>What the API accepts as ids and keys; anything else is rejected before it reaches a grain.</summary>
public static class Identifiers
{
    public const int MaxIdempotencyKeyLength = 128;
    public const int MaxShopperIdLength = 128;

    // Every purchase checks its sale id, key and shopper: vectorised span searches, no enumerator or delegate.
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    public static string NewSaleId() => Guid.CreateVersion7().ToString("N");

    /// <summary>Sale ids are 32 lowercase hex digits, as <see cref="NewSaleId"/> makes them.</summary>
    public static bool IsSaleId(string value) => value.Length == 32 && !value.AsSpan().ContainsAnyExcept(LowerHex);

    /// <summary>Ticket ids are 32 lowercase hex digits, as the waiting room makes them.</summary>
    public static bool IsTicketId(string value) => IsSaleId(value);

    /// <summary>Printable ASCII without spaces: safe to log, to echo back and to use inside a Redis field.</summary>
    public static bool IsIdempotencyKey(string? value) =>
        value is { Length: > 0 and <= MaxIdempotencyKeyLength } && !value.AsSpan().ContainsAnyExceptInRange('!', '~');

    /// <summary>The shopper is the token's subject; one with control characters or of absurd length is refused.</summary>
    public static string? ShopperId(ClaimsPrincipal user) =>
        user.FindFirst(AuthOptions.SubjectClaim)?.Value is { } sub && IsShopperId(sub) ? sub : null;

    public static bool IsShopperId(string? value) =>
        value is { Length: > 0 and <= MaxShopperIdLength }
        && !value.AsSpan().ContainsAnyInRange('\u0000', '\u001f') && !value.AsSpan().ContainsAnyInRange('\u007f', '\u009f');

    public static bool IsOps(ClaimsPrincipal user) => user.IsInRole(AuthOptions.OpsRole);
}
