namespace FlashSale.Fulfillment;

public sealed record FulfilledOrder(
    string OrderId,
    string SaleId,
    string Sku,
    string ShopperId,
    DateTimeOffset ConfirmedAt,
    DateTimeOffset FulfilledAt,
    string? Fcode);
