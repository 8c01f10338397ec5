using System.Buffers;
using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FlashSale.Auth;

/// <summary>
/// Validates the API's bearer tokens: compact HS256 JWTs signed with <see cref="AuthOptions.SigningKey"/>, issued
/// by <see cref="AuthOptions.Issuer"/> for <see cref="AuthOptions.Audience"/>, inside their <c>nbf</c>..<c>exp</c>
/// window give or take <see cref="ClockSkew"/>. Only what the API reads becomes a claim: <c>sub</c> and <c>role</c>.
/// </summary>
/// <remarks>
/// The general-purpose JsonWebTokenHandler accepts many algorithms, key types and claim shapes, and builds every
/// claim of every token; at launch rates it was the largest piece of the engine's own work per request. This
/// accepts exactly one shape and allocates little more than the principal. It refuses any other algorithm
/// (<c>none</c> included) and any token naming critical extensions it does not understand, and compares
/// signatures in constant time.
/// </remarks>
public sealed class BearerTokenValidator(AuthOptions options, TimeProvider clock)
{
    public const string AuthenticationType = "Bearer";

    /// <summary>Tolerance for the clocks of the issuer and this host.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private const int MaxTokenLength = 8 * 1024;
    private const int SignatureBytes = 32;

    private readonly byte[] _key = options.CreateKey().Key;
    private readonly byte[] _issuer = Encoding.UTF8.GetBytes(options.Issuer);
    private readonly byte[] _audience = Encoding.UTF8.GetBytes(options.Audience);

    /// <returns>The token's principal, or null with <paramref name="error"/> saying why it was refused.</returns>
    public ClaimsPrincipal? Validate(ReadOnlySpan<char> token, out string? error)
    {
        var firstDot = token.IndexOf('.');
        var lastDot = token.LastIndexOf('.');
        if (token.Length > MaxTokenLength || firstDot <= 0 || lastDot == firstDot || lastDot == token.Length - 1
            || token[(firstDot + 1)..lastDot].Contains('.'))
        {
            error = "The token is not a compact JWS (header.payload.signature).";
            return null;
        }
        if (!SignatureMatches(token[..lastDot], token[(lastDot + 1)..]))
        {
            error = "The token's signature is invalid.";
            return null;
        }
        error = HeaderError(token[..firstDot]);
        if (error is not null)
        {
            return null;
        }
        return ReadPayload(token[(firstDot + 1)..lastDot], out error);
    }

    private bool SignatureMatches(ReadOnlySpan<char> signedPart, ReadOnlySpan<char> encodedSignature)
    {
        Span<byte> signature = stackalloc byte[SignatureBytes + 3];
        if (!TryDecode(encodedSignature, signature, out var length) || length != SignatureBytes || !Ascii.IsValid(signedPart))
        {
            return false;
        }
        var rented = ArrayPool<byte>.Shared.Rent(signedPart.Length);
        try
        {
            var input = rented.AsSpan(0, Encoding.ASCII.GetBytes(signedPart, rented));
            Span<byte> expected = stackalloc byte[SignatureBytes];
            HMACSHA256.HashData(_key, input, expected);
            return CryptographicOperations.FixedTimeEquals(expected, signature[..SignatureBytes]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static string? HeaderError(ReadOnlySpan<char> encodedHeader)
    {
        var alg = false;
        var parsed = WithJson(encodedHeader, (ref Utf8JsonReader reader) =>
        {
            if (reader.ValueTextEquals("crit"u8))
            {
                return false; // extensions the token says must be understood: none are
            }
            var isAlg = reader.ValueTextEquals("alg"u8);
            reader.Read();
            alg = isAlg ? reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("HS256"u8) : alg;
            reader.Skip(); // a header parameter this does not read, such as a jwk object or an x5c array
            return true;
        });
        return !parsed ? "The token's header is not a JSON object without critical extensions." : alg ? null : "The token must be signed with HS256.";
    }

    private ClaimsPrincipal? ReadPayload(ReadOnlySpan<char> encodedPayload, out string? error)
    {
        string? subject = null;
        List<string>? roles = null;
        long? expires = null, notBefore = null;
        bool issuer = false, audience = false;
        var parsed = WithJson(encodedPayload, (ref Utf8JsonReader reader) =>
        {
            if (reader.ValueTextEquals("aud"u8))
            {
                audience = false;
                ForEachString(ref reader, ref audience, (ref Utf8JsonReader r, ref bool found) => found |= r.ValueTextEquals(_audience));
                return true;
            }
            if (reader.ValueTextEquals("role"u8))
            {
                var named = roles ??= [];
                var unused = false;
                ForEachString(ref reader, ref unused, (ref Utf8JsonReader r, ref bool _) => named.Add(r.GetString()!));
                return true;
            }
            var name = reader.ValueTextEquals("sub"u8) ? "sub" : reader.ValueTextEquals("iss"u8) ? "iss"
                : reader.ValueTextEquals("exp"u8) ? "exp" : reader.ValueTextEquals("nbf"u8) ? "nbf" : null;
            reader.Read();
            switch (name)
            {
                case "sub":
                    subject = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    break;
                case "iss":
                    issuer = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(_issuer);
                    break;
                case "exp":
                    expires = NumericDate(ref reader);
                    break;
                case "nbf":
                    notBefore = NumericDate(ref reader) ?? long.MaxValue;
                    break;
            }
            reader.Skip(); // a value of another shape than expected, or a claim the API does not read
            return true;
        });
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var skew = (long)ClockSkew.TotalSeconds;
        error = !parsed ? "The token's payload is not a JSON object."
            : !issuer ? "The token's issuer is not this API's."
            : !audience ? "The token is not meant for this API."
            : expires is not { } exp ? "The token has no valid expiry (exp)."
            : exp + skew <= now ? "The token has expired."
            : notBefore is { } nbf && nbf - skew > now ? "The token is not valid yet."
            : null;
        if (error is not null)
        {
            return null;
        }
        var claims = new List<Claim>(1 + (roles?.Count ?? 0));
        if (subject is not null)
        {
            claims.Add(new Claim(AuthOptions.SubjectClaim, subject));
        }
        claims.AddRange(roles?.Select(r => new Claim(AuthOptions.RoleClaim, r)) ?? []);
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType, AuthOptions.SubjectClaim, AuthOptions.RoleClaim));
    }

    private delegate bool PropertyReader(ref Utf8JsonReader reader);

    private delegate void StringVisitor(ref Utf8JsonReader reader, ref bool state);

    /// <summary>
    /// Decodes a base64url JSON object and hands each property to <paramref name="read"/>, positioned on its name;
    /// it must leave the reader on the value's last token. False for anything that is not one well-formed object,
    /// or when <paramref name="read"/> refuses a property.
    /// </summary>
    private static bool WithJson(ReadOnlySpan<char> encoded, PropertyReader read)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(encoded.Length));
        try
        {
            if (!TryDecode(encoded, rented, out var length))
            {
                return false;
            }
            var reader = new Utf8JsonReader(rented.AsSpan(0, length));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!read(ref reader))
                {
                    return false;
                }
            }
            return reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>A claim that is a string or an array of strings (RFC 7519 allows both for <c>aud</c>; identity providers do it for roles too).</summary>
    private static void ForEachString(ref Utf8JsonReader reader, ref bool state, StringVisitor visit)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            visit(ref reader, ref state);
            return;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                visit(ref reader, ref state);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>Base64url without padding; the decoder's Try method throws on characters outside the alphabet.</summary>
    private static bool TryDecode(ReadOnlySpan<char> encoded, Span<byte> destination, out int length)
    {
        length = 0;
        return Base64Url.IsValid(encoded, out var decoded) && decoded <= destination.Length
            && Base64Url.TryDecodeFromChars(encoded, destination, out length);
    }

    /// <summary>Seconds since the epoch; RFC 7519 allows fractions, which are cut off.</summary>
    private static long? NumericDate(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var seconds) && double.IsFinite(seconds) && Math.Abs(seconds) < 1e15
            ? (long)seconds
            : null;
}
