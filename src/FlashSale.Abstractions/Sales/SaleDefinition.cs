namespace FlashSale.Abstractions.Sales;

/// <summary>
/// What ops decide when they create a sale. Validated at the HTTP edge before it gets here. A sale with one
/// session runs from <see cref="StartsAt"/> to <see cref="EndsAt"/> selling <see cref="Stock"/>; a sale with
/// <see cref="Sessions"/> runs them in turn, <see cref="StartsAt"/> and <see cref="EndsAt"/> spanning them all
/// and <see cref="Stock"/> their total.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SaleDefinition(
    string SaleId,
    string Sku,
    string Name,
    int Stock,
    int FcodeStock,
    int PerShopperLimit,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int PaymentWindowSeconds,
    bool RequiresRegistration = false)
{
    /// <summary>The sessions in order; empty for a sale of one session.</summary>
    [Id(10)]
    public IReadOnlyList<SaleSession> Sessions { get; init; } = [];

    /// <summary>
    /// Shoppers who arrive before a session opens or within this many milliseconds after are admitted in a
    /// random order; later arrivals are first come, first served.
    /// </summary>
    [Id(11)]
    public int AdmissionWindowMs { get; init; }

    /// <summary>Seeds the admission draw, so a rehearsal with the same shoppers draws the same order.</summary>
    [Id(12)]
    public long AdmissionSeed { get; init; }

    /// <summary>Every session, a sale of one session included.</summary>
    public IReadOnlyList<SaleSession> AllSessions => Sessions.Count > 0 ? Sessions : [new(StartsAt, EndsAt, Stock)];

    /// <summary>The last moment anything can change: the end of the last session plus the payment window.</summary>
    public DateTimeOffset SettlesBy => EndsAt + TimeSpan.FromSeconds(PaymentWindowSeconds);
}
