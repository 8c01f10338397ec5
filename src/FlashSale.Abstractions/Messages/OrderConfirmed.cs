namespace FlashSale.Abstractions.Messages;

/// <summary>One order whose unit was taken in Redis.</summary>
public sealed record OrderConfirmed(
    string OrderId,
    string SaleId,
    string Sku,
    string ShopperId,
    DateTimeOffset ConfirmedAt);
