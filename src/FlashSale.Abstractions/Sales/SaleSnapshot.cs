namespace FlashSale.Abstractions.Sales;

/// <summary>
/// A sale as Redis sees it at one instant (Redis's clock decides <see cref="State"/>). The counts always add
/// up: <c>Confirmed + Held + Remaining + Withdrawn = OnSale</c>, for the general pool; F-code units are apart.
/// </summary>
/// <param name="Session">The current session, counting from 1.</param>
/// <param name="OnSale">Units put on sale so far: the stock of the sessions opened, plus F-code units released.</param>
/// <param name="Held">Units won but not yet paid for.</param>
/// <param name="Confirmed">Units paid for (or won in a sale without a payment window).</param>
/// <param name="Withdrawn">Units earlier sessions left unsold.</param>
[GenerateSerializer, Immutable]
public sealed record SaleSnapshot(
    SaleDefinition Definition,
    int Session,
    int OnSale,
    int Remaining,
    int Held,
    int Confirmed,
    int Withdrawn,
    int FcodeRemaining,
    long Registrations,
    SaleState State,
    DateTimeOffset Now)
{
    public SaleSession CurrentSession => Definition.AllSessions[Session - 1];
}
