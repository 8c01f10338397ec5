namespace FlashSale.LoadTests.Scenarios;

/// <summary>Where the engine and its stores are, and the scale of the launch to replay (each scenario reads what it needs).</summary>
public sealed record LaunchOptions
{
    public Uri Api { get; init; } = new("http://127.0.0.1:5080");

    /// <summary>The engine's PostgreSQL, read directly to check the invariants.</summary>
    public string Postgres { get; init; } = "Host=127.0.0.1;Port=5432;Username=flashsale;Password=flashsale;Database=flashsale";

    /// <summary>The engine's signing key, for minting every shopper's token before the clock starts.</summary>
    public string SigningKey { get; init; } = Auth.AuthOptions.DevelopmentSigningKey;

    public int Shoppers { get; init; } = 1_000_000;

    public int Units { get; init; } = 100_000;

    public int FcodeHolders { get; init; } = 5_000;

    /// <summary>Every shopper arrives within this many seconds after the sale opens.</summary>
    public double ArrivalSeconds { get; init; } = 5;

    /// <summary>mi3-noon: the share of the 3.77 million arrivals and 300,000 units to replay.</summary>
    public double Fraction { get; init; } = 0.1;

    /// <summary>fcode-rush: the share of holders who hand their code to a friend just before open.</summary>
    public double TransferShare { get; init; } = 0.2;

    /// <summary>bot-storm: the share of clients that are bots, and how much faster than a human they retry.</summary>
    public double BotShare { get; init; } = 0.2;

    public int BotSpeedup { get; init; } = 50;

    /// <summary>replay: the recorded arrivals (JSON lines, see <see cref="LaunchEvent"/>).</summary>
    public FileInfo? File { get; init; }

    /// <summary>
    /// How long after creating the sale it opens: registration must finish by then. By default 5 s plus 1 s
    /// per 5,000 registrants, generous for registration rates measured at 10,000 to 17,000 a second.
    /// </summary>
    public TimeSpan? OpensIn { get; init; }

    /// <summary>Registrations in flight at once before the launch.</summary>
    public int RegistrationConcurrency { get; init; } = 128;

    /// <summary>How long to wait after the run for fulfillment to store every order.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
