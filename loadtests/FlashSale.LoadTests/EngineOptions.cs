using System.CommandLine;

namespace FlashSale.LoadTests;

/// <summary>The options every command that drives the engine takes: where it is, its PostgreSQL, its signing key.</summary>
public sealed class EngineOptions
{
    public Option<string> Api { get; } = new Option<string>("--api") { DefaultValueFactory = _ => "http://127.0.0.1:5080", Description = "The engine's address." }.HttpAddress();

    public Option<string> Postgres { get; } = new("--postgres") { DefaultValueFactory = _ => new Scenarios.LaunchOptions().Postgres, Description = "The engine's PostgreSQL." };

    public Option<string?> SigningKey { get; } = new("--signing-key") { Description = "The engine's signing key (default: FlashSale__Auth__SigningKey, then the development key)." };

    public void AddTo(Command command)
    {
        command.Add(Api);
        command.Add(Postgres);
        command.Add(SigningKey);
    }

    public string SigningKeyOf(ParseResult parsed) =>
        parsed.GetValue(SigningKey) ?? Environment.GetEnvironmentVariable("FlashSale__Auth__SigningKey") ?? Auth.AuthOptions.DevelopmentSigningKey;
}
