namespace FlashSale.LoadTests.Bench;

public sealed record BenchOptions
{
    /// <summary>
    /// Each connection holds a file descriptor in the generator and one in the server on the same box; past a few
    /// thousand the box runs out of them before the targets run out of capacity.
    /// </summary>
    public const int MaxConnections = 10_000;

    public Uri Api { get; init; } = new("http://127.0.0.1:5080");

    public string Postgres { get; init; } = new Scenarios.LaunchOptions().Postgres;

    public string Redis { get; init; } = "127.0.0.1:6379";

    public string SigningKey { get; init; } = Auth.AuthOptions.DevelopmentSigningKey;

    /// <summary>How long each target is driven in each round.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many times every target is measured. The machines are shared and their speed drifts within minutes, so
    /// each round measures every target once, and the ratios are taken within a round and reported as medians.
    /// </summary>
    public int Rounds { get; init; } = 3;

    /// <summary>
    /// How long each target is driven, unmeasured, before the first round: a freshly started server (and the
    /// generator) would otherwise be measured while its JIT still compiles and tiers up the request path.
    /// </summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Requests in flight at once, for every target alike (closed model, as wrk measures).</summary>
    public int Connections { get; init; } = 128;

    public int BaselinePort { get; init; } = 5090;
}
