using System.CommandLine;
using FlashSale.Auth;

namespace FlashSale.Cli;

/// <summary>
/// <c>flashsale token --sub alice [--role ops] [--ttl 3600]</c> prints a bearer token;
/// with <c>--count N</c> it prints N, one a line, for subjects <c>{sub}0</c> … <c>{sub}N-1</c> (load tests).
/// </summary>
public static class TokenCommand
{
    public static Command Create()
    {
        var subject = new Option<string>("--sub") { Description = "The shopper id (the token's subject).", Required = true };
        var roles = new Option<string[]>("--role") { Description = "A role to grant, e.g. ops. Repeatable.", AllowMultipleArgumentsPerToken = true };
        var ttl = new Option<int>("--ttl") { Description = "Lifetime in seconds.", DefaultValueFactory = _ => 3600 };
        var count = new Option<int?>("--count") { Description = "Mint this many tokens, for subjects {sub}0 to {sub}N-1." };
        var key = new Option<string?>("--key")
        {
            Description = "Signing key; defaults to FlashSale__Auth__SigningKey, then the development key.",
        };

        // The engine refuses an empty subject or one with control characters, and an expired token: minting them is a mistake.
        subject.Validators.Add(r => { if (r.GetValueOrDefault<string>() is not { Length: > 0 and <= 128 } s || s.Any(char.IsControl)) r.AddError("--sub must be 1 to 128 characters without control characters."); });
        ttl.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--ttl must be at least 1 second."); });
        count.Validators.Add(r => { if (r.GetValueOrDefault<int?>() < 1) r.AddError("--count must be at least 1."); });

        var command = new Command("token", "Mint a bearer token signed with the API's key.") { subject, roles, ttl, count, key };
        command.SetAction(parsed =>
        {
            var options = new AuthOptions
            {
                SigningKey = parsed.GetValue(key)
                    ?? Environment.GetEnvironmentVariable("FlashSale__Auth__SigningKey")
                    ?? AuthOptions.DevelopmentSigningKey,
            };
            var minter = new TokenMinter(options);
            var lifetime = TimeSpan.FromSeconds(parsed.GetValue(ttl));
            var grants = parsed.GetValue(roles) ?? [];
            var sub = parsed.GetValue(subject)!;
            IEnumerable<string> subjects = parsed.GetValue(count) is { } n ? Enumerable.Range(0, n).Select(i => $"{sub}{i}") : [sub];
            using var output = new StreamWriter(Console.OpenStandardOutput());
            foreach (var s in subjects)
            {
                output.WriteLine(minter.Mint(s, lifetime, grants));
            }
        });
        return command;
    }
}
