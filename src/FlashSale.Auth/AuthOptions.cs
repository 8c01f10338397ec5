using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace FlashSale.Auth;

/// <summary>Bound from <c>FlashSale:Auth</c>. Tokens are HS256 JWTs; the shopper is the <c>sub</c> claim.</summary>
public sealed class AuthOptions
{
    public const string Section = "FlashSale:Auth";
    public const string OpsRole = "ops";
    public const string RoleClaim = "role";
    public const string SubjectClaim = "sub";

    /// <summary>
    /// Used only when a host runs in the Development environment with no key configured, and by the CLI
    /// when given none, so that local tokens work out of the box. Never valid in production.
    /// </summary>
    public const string DevelopmentSigningKey = "flashsale-development-signing-key-not-for-production";

    /// <summary>At least 32 bytes of UTF-8. There is no default: a host without one refuses to start.</summary>
    public string SigningKey { get; set; } = "";

    public string Issuer { get; set; } = "flashsale";

    public string Audience { get; set; } = "flashsale";

    public SymmetricSecurityKey CreateKey()
    {
        var bytes = Encoding.UTF8.GetBytes(SigningKey);
        if (bytes.Length < 32)
        {
            throw new InvalidOperationException(
                $"{Section}:SigningKey must be at least 32 bytes (set FlashSale__Auth__SigningKey); it is {bytes.Length}.");
        }
        return new SymmetricSecurityKey(bytes);
    }
}
