using System.CommandLine;
using FlashSale.Auth;

namespace FlashSale.Cli;

/// <summary><c>flashsale token --sub alice [--role ops] [--ttl 3600]</c>: prints a bearer token.</summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var subject = new Option<string>("--sub") { Description = "The shopper id (the token's subject).", Required = true };
        var roles = new Option<string[]>("--role") { Description = "A role to grant, e.g. ops. Repeatable.", AllowMultipleArgumentsPerToken = true };
        var ttl = new Option<int>("--ttl") { Description = "Lifetime in seconds.", DefaultValueFactory = _ => 3600 };
        var key = new Option<string?>("--key")
        {
            Description = "Signing key; defaults to FlashSale__Auth__SigningKey, then the development key.",
        };

        var command = new Command("token", "Mint a bearer token signed with the API's key.") { subject, roles, ttl, key };
        command.SetAction(parsed =>
        {
            var options = new AuthOptions
            {
                SigningKey = parsed.GetValue(key)
                    ?? Environment.GetEnvironmentVariable("FlashSale__Auth__SigningKey")
                    ?? AuthOptions.DevelopmentSigningKey,
            };
            var token = new TokenMinter(options).Mint(
                parsed.GetValue(subject)!, TimeSpan.FromSeconds(parsed.GetValue(ttl)), parsed.GetValue(roles) ?? []);
            Console.WriteLine(token);
        });
        return command;
    }
}
