using FlashSale.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FlashSale.Host.Hosting;

public static class AuthHostingExtensions
{
    public const string ShopperPolicy = "shopper";
    public const string OpsPolicy = "ops";

    /// <summary>Bearer JWTs signed with <c>FlashSale:Auth:SigningKey</c> (HS256, see <see cref="BearerTokenValidator"/>); ops need <c>role = ops</c>.</summary>
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

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new BearerTokenValidator(sp.GetRequiredService<IOptions<AuthOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);

        services.AddAuthorizationBuilder()
            .AddPolicy(ShopperPolicy, p => p.RequireAuthenticatedUser().RequireClaim(AuthOptions.SubjectClaim))
            .AddPolicy(OpsPolicy, p => p.RequireAuthenticatedUser().RequireRole(AuthOptions.OpsRole));
        return services;
    }
}
