namespace FlashSale.LoadTests.Scenarios;

/// <summary>The launch to replay and where the engine and its stores are.</summary>
public sealed record RedmiLaunchOptions
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

    /// <summary>
    /// How long after creating the sale it opens: registration must finish by then. By default 5 s plus 1 s
    /// per 2,000 shoppers, generous for a registration rate measured at about 17,000 a second.
    /// </summary>
    public TimeSpan? OpensIn { get; init; }

    /// <summary>Registrations in flight at once before the launch.</summary>
    public int RegistrationConcurrency { get; init; } = 128;

    /// <summary>How long to wait after the run for fulfillment to store every order.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
