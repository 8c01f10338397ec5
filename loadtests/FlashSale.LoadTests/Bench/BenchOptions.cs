namespace FlashSale.LoadTests.Bench;

public sealed record BenchOptions
{
    public Uri Api { get; init; } = new("http://127.0.0.1:5080");

    public string Postgres { get; init; } = new Scenarios.LaunchOptions().Postgres;

    public string Redis { get; init; } = "127.0.0.1:6379";

    public string SigningKey { get; init; } = Auth.AuthOptions.DevelopmentSigningKey;

    /// <summary>How long each target is driven.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests in flight at once, for every target alike (closed model, as wrk measures).</summary>
    public int Connections { get; init; } = 128;

    public int BaselinePort { get; init; } = 5090;
}
