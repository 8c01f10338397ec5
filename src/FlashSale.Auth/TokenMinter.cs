using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FlashSale.Auth;

/// <summary>
/// Mints tokens with the API's own key. For development, tests and load tests: in production an identity
/// provider that shares the key (or a future asymmetric setup) issues them.
/// </summary>
public sealed class TokenMinter(AuthOptions options)
{
    private readonly SigningCredentials _credentials = new(options.CreateKey(), SecurityAlgorithms.HmacSha256);
    private readonly JsonWebTokenHandler _handler = new();

    public string Mint(string subject, TimeSpan lifetime, params string[] roles)
    {
        var claims = new List<Claim> { new(AuthOptions.SubjectClaim, subject) };
        claims.AddRange(roles.Select(r => new Claim(AuthOptions.RoleClaim, r)));
        var now = DateTime.UtcNow;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = _credentials,
        });
    }
}
