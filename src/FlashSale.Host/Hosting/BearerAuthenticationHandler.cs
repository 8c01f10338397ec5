using System.Text.Encodings.Web;
using FlashSale.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FlashSale.Host.Hosting;

/// <summary>
/// Authenticates <c>Authorization: Bearer</c> requests with <see cref="BearerTokenValidator"/>; a challenge answers
/// 401 with <c>WWW-Authenticate: Bearer</c> (and <c>error="invalid_token"</c> when a token was refused), as RFC 6750 asks.
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, BearerTokenValidator validator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    private const string Prefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var principal = validator.Validate(header.AsSpan(Prefix.Length).Trim(), out var error);
        return Task.FromResult(principal is null
            ? AuthenticateResult.Fail(error!)
            : AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var refused = (await HandleAuthenticateOnceSafeAsync()).Failure is not null;
        Response.Headers[HeaderNames.WWWAuthenticate] = refused ? "Bearer error=\"invalid_token\"" : "Bearer";
        await base.HandleChallengeAsync(properties);
    }
}
