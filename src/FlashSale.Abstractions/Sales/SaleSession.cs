namespace FlashSale.Abstractions.Sales;

/// <summary>
/// One scheduled session of a sale, with its own stock: the Mi Fan Festival sells the same phone at 0:00,
/// 10:00, 12:00, 18:00 and 20:00. Units a session leaves unsold are withdrawn when the next one opens.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SaleSession(DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Stock);
