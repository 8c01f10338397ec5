using FlashSale.Abstractions.Sales;

namespace FlashSale.Host.Api;

/// <summary>
/// A sale to create. sku, name and perShopperLimit are always needed; stock, startsAt and endsAt too, unless the
/// sale is sold in sessions. (Every field is nullable so that a missing one is the API's 400, naming it.)
/// </summary>
public sealed record CreateSaleRequest(
    string? Sku,
    string? Name,
    int? PerShopperLimit,
    int? Stock = null,
    DateTimeOffset? StartsAt = null,
    DateTimeOffset? EndsAt = null,
    int? FcodeStock = null,
    int? PaymentWindowSeconds = null,
    bool? RequiresRegistration = null,
    IReadOnlyList<CreateSessionRequest?>? Sessions = null,
    int? AdmissionWindowMs = null,
    long? AdmissionSeed = null);

/// <summary>One session of a sale sold in several (the Mi Fan Festival pattern).</summary>
public sealed record CreateSessionRequest(DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, int? Stock);

public sealed record SessionResponse(int Number, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Stock);

/// <summary>
/// A sale and its stock. For the general pool, at every instant sold + held + remaining + withdrawn = onSale;
/// F-code units are apart from it.
/// </summary>
/// <param name="Stock">Units of the general pool: every session's together.</param>
/// <param name="FcodeStock">Units set aside for F-code holders.</param>
/// <param name="Session">The current session, counting from 1.</param>
/// <param name="OnSale">Units put on sale so far: the stock of the sessions opened, plus F-code units released.</param>
/// <param name="Remaining">Units still to sell.</param>
/// <param name="Held">Units won but not yet paid for (until their order's payBy).</param>
/// <param name="Sold">Units paid for, or won in a sale without a payment window.</param>
/// <param name="Withdrawn">Units earlier sessions left unsold.</param>
/// <param name="FcodeRemaining">F-code units still to redeem.</param>
public sealed record SaleResponse(
    string SaleId,
    string Sku,
    string Name,
    int Stock,
    int FcodeStock,
    int PerShopperLimit,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int PaymentWindowSeconds,
    bool RequiresRegistration,
    int AdmissionWindowMs,
    long Registrations,
    int Session,
    IReadOnlyList<SessionResponse> Sessions,
    int OnSale,
    int Remaining,
    int Held,
    int Sold,
    int Withdrawn,
    int FcodeRemaining,
    SaleState State)
{
    /// <summary><see cref="Sold"/> counts confirmed units; held ones are in <see cref="Held"/> until paid or lapsed.</summary>
    public static SaleResponse From(SaleSnapshot s)
    {
        var d = s.Definition;
        return new(
            d.SaleId, d.Sku, d.Name, d.Stock, d.FcodeStock, d.PerShopperLimit, d.StartsAt, d.EndsAt, d.PaymentWindowSeconds,
            d.RequiresRegistration, d.AdmissionWindowMs, s.Registrations, s.Session,
            [.. d.AllSessions.Select((x, i) => new SessionResponse(i + 1, x.StartsAt, x.EndsAt, x.Stock))],
            s.OnSale, s.Remaining, s.Held, s.Confirmed, s.Withdrawn, s.FcodeRemaining, s.State);
    }
}
