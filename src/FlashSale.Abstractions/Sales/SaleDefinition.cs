namespace FlashSale.Abstractions.Sales;

/// <summary>What ops decide when they create a sale. Validated at the HTTP edge before it gets here.</summary>
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
    bool RequiresRegistration = false);
