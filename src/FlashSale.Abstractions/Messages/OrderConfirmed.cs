namespace FlashSale.Abstractions.Messages;

/// <summary>
/// Published by the outbox relay once an order is confirmed in Redis; fulfillment stores it.
/// Delivered at least once: consumers must be idempotent on <see cref="OrderId"/>.
/// </summary>
public sealed record OrderConfirmed(
    string OrderId,
    string SaleId,
    string Sku,
    string ShopperId,
    DateTimeOffset ConfirmedAt);
