using FlashSale.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FlashSale.Host.Hosting;

public static class AuthHostingExtensions
{
    public const string ShopperPolicy = "shopper";
    public const string OpsPolicy = "ops";

    /// <summary>Bearer JWTs signed with <c>FlashSale:Auth:SigningKey</c> (HS256); ops need <c>role = ops</c>.</summary>
    public static IServiceCollection AddFlashSaleAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<AuthOptions>()
            .Bind(configuration.GetSection(AuthOptions.Section))
            .PostConfigure(o =>
            {
                if (environment.IsDevelopment() && string.IsNullOrEmpty(o.SigningKey))
                {
                    o.SigningKey = AuthOptions.DevelopmentSigningKey;
                }
            })
            .Validate(o => System.Text.Encoding.UTF8.GetByteCount(o.SigningKey) >= 32,
                $"{AuthOptions.Section}:SigningKey must be at least 32 bytes: set FlashSale__Auth__SigningKey.")
            .ValidateOnStart();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Audience,
                    IssuerSigningKey = auth.Value.CreateKey(),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = AuthOptions.SubjectClaim,
                    RoleClaimType = AuthOptions.RoleClaim,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(ShopperPolicy, p => p.RequireAuthenticatedUser().RequireClaim(AuthOptions.SubjectClaim))
            .AddPolicy(OpsPolicy, p => p.RequireAuthenticatedUser().RequireRole(AuthOptions.OpsRole));
        return services;
    }
}
