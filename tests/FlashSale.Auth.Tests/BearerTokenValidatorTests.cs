using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace FlashSale.Auth.Tests;

public sealed class BearerTokenValidatorTests
{
    private const string Header = """{"alg":"HS256","typ":"JWT"}""";
    private static readonly AuthOptions Options = new() { SigningKey = AuthOptions.DevelopmentSigningKey };
    private static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private readonly BearerTokenValidator _validator = new(Options, TimeProvider.System);

    [Fact]
    public void A_minted_shopper_token_names_its_shopper_and_an_ops_token_carries_the_role()
    {
        var minter = new TokenMinter(Options);

        var shopper = _validator.Validate(minter.Mint("alice", TimeSpan.FromMinutes(5)), out var shopperError);
        var ops = _validator.Validate(minter.Mint("olga", TimeSpan.FromMinutes(5), AuthOptions.OpsRole), out _);

        Assert.Null(shopperError);
        Assert.Equal("alice", shopper!.Identity!.Name);
        Assert.True(shopper.Identity.IsAuthenticated);
        Assert.False(shopper.IsInRole(AuthOptions.OpsRole));
        Assert.True(ops!.IsInRole(AuthOptions.OpsRole));
    }

    [Fact]
    public void Audiences_and_roles_may_be_arrays_and_unread_claims_of_any_shape_are_ignored()
    {
        var principal = Accepted(Payload(extra: """ "aud":["other","flashsale"],"role":["viewer","ops"],"profile":{"a":[1,{"b":2}]},"n":null"""));

        Assert.True(principal.IsInRole("ops"));
        Assert.True(principal.IsInRole("viewer"));
    }

    [Fact]
    public void Clocks_may_disagree_by_the_allowed_skew_and_no_more()
    {
        var skew = (long)BearerTokenValidator.ClockSkew.TotalSeconds;

        Accepted(Payload(exp: Now - skew + 5));
        Accepted(Payload(exp: Now + 60, nbf: Now + skew - 5));
        Refused(Payload(exp: Now - skew - 5), "The token has expired.");
        Refused(Payload(exp: Now + 600, nbf: Now + skew + 5), "The token is not valid yet.");
        Refused(Payload(exp: null), "The token has no valid expiry (exp).");
        Refused(Payload(extra: """ "exp":"tomorrow" """, exp: null), "The token has no valid expiry (exp).");
    }

    [Fact]
    public void Header_parameters_it_does_not_read_may_be_objects_or_arrays()
    {
        var header = """{"x5c":["MIIB"],"alg":"HS256","jwk":{"kty":"oct","alg":"none"},"typ":"JWT"}""";

        Assert.NotNull(_validator.Validate(Sign(header, Payload()), out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("""{"alg":"none","typ":"JWT"}""")]
    [InlineData("""{"jwk":{"alg":"HS256"}}""")]
    [InlineData("""{"alg":"HS512"}""")]
    [InlineData("""{"typ":"JWT"}""")]
    [InlineData("""{"alg":"HS256","crit":["exp"]}""")]
    [InlineData("""["alg","HS256"]""")]
    public void Only_plain_HS256_headers_are_accepted_even_when_the_signature_matches(string header) =>
        Assert.Null(_validator.Validate(Sign(header, Payload()), out _));

    [Fact]
    public void A_changed_payload_or_another_key_breaks_the_signature()
    {
        var token = Sign(Header, Payload());
        var forged = Sign(Header, Payload(subject: "mallory")).Split('.')[1];
        var parts = token.Split('.');
        var otherKey = new BearerTokenValidator(new AuthOptions { SigningKey = new string('k', 32) }, TimeProvider.System);

        Assert.Null(_validator.Validate($"{parts[0]}.{forged}.{parts[2]}", out var error));
        Assert.Equal("The token's signature is invalid.", error);
        Assert.Null(otherKey.Validate(token, out _));
    }

    [Fact]
    public void Tokens_for_another_issuer_or_audience_are_refused()
    {
        Refused(Payload(extra: """ "iss":"someone-else" """, issuer: null), "The token's issuer is not this API's.");
        Refused(Payload(extra: """ "aud":["other"] """, audience: null), "The token is not meant for this API.");
        Refused(Payload(audience: null), "The token is not meant for this API.");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-jwt")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("..")]
    [InlineData("a.b.")]
    [InlineData("é.é.é")]
    [InlineData("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJtYWxsb3J5In0.")]
    public void Malformed_tokens_are_refused_with_a_reason(string token)
    {
        Assert.Null(_validator.Validate(token, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"sub":"alice"} trailing""")]
    [InlineData("""{"sub":"alice",""")]
    [InlineData("[]")]
    public void A_signed_payload_that_is_not_one_JSON_object_is_refused(string payload)
    {
        Assert.Null(_validator.Validate(Sign(Header, payload), out var error));
        Assert.Equal("The token's payload is not a JSON object.", error);
    }

    private ClaimsPrincipal Accepted(string payload)
    {
        var principal = _validator.Validate(Sign(Header, payload), out var error);
        Assert.Null(error);
        return principal!;
    }

    private void Refused(string payload, string reason)
    {
        Assert.Null(_validator.Validate(Sign(Header, payload), out var error));
        Assert.Equal(reason, error);
    }

    private static string Payload(
        string subject = "alice", long? exp = -1, long? nbf = null, string? issuer = "flashsale", string? audience = "flashsale", string? extra = null)
    {
        var claims = new List<string> { $"\"sub\":\"{subject}\"" };
        if (issuer is not null)
        {
            claims.Add($"\"iss\":\"{issuer}\"");
        }
        if (audience is not null)
        {
            claims.Add($"\"aud\":\"{audience}\"");
        }
        if (exp is not null)
        {
            claims.Add($"\"exp\":{(exp == -1 ? Now + 300 : exp)}");
        }
        if (nbf is not null)
        {
            claims.Add($"\"nbf\":{nbf}");
        }
        if (extra is not null)
        {
            claims.Add(extra.Trim());
        }
        return "{" + string.Join(",", claims) + "}";
    }

    /// <summary>Signs any header and payload with the API's key, so each test isolates one property of the token.</summary>
    private static string Sign(string header, string payload)
    {
        var signed = $"{Encode(header)}.{Encode(payload)}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Options.SigningKey), Encoding.ASCII.GetBytes(signed));
        return $"{signed}.{Base64Url.EncodeToString(signature)}";
    }

    private static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
