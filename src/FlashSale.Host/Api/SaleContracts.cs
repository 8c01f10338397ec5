using FlashSale.Abstractions.Sales;

namespace FlashSale.Host.Api;

/// <summary>Body of <c>POST /api/v1/sales</c>. Everything is nullable so a missing field is a 400, not a default.</summary>
public sealed record CreateSaleRequest(
    string? Sku,
    string? Name,
    int? Stock,
    int? FcodeStock,
    int? PerShopperLimit,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    int? PaymentWindowSeconds,
    bool? RequiresRegistration);

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
    long Registrations,
    int Remaining,
    int Sold,
    int FcodeRemaining,
    SaleState State)
{
    public static SaleResponse From(SaleSnapshot s) => new(
        s.Definition.SaleId, s.Definition.Sku, s.Definition.Name, s.Definition.Stock, s.Definition.FcodeStock,
        s.Definition.PerShopperLimit, s.Definition.StartsAt, s.Definition.EndsAt, s.Definition.PaymentWindowSeconds,
        s.Definition.RequiresRegistration, s.Registrations, s.Remaining, s.Sold, s.FcodeRemaining, s.State);
}
