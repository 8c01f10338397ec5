using FlashSale.Abstractions.Sales;

namespace FlashSale.Host.Api;

/// <summary>
/// Body of <c>POST /api/v1/sales</c>. Everything is nullable so a missing field is a 400, not a default. The
/// parameters without a default are the ones every sale needs; stock, startsAt and endsAt are needed unless sessions
/// are given (<see cref="CreateSaleValidator"/>), and the API document lists only the first as required.
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
