using StackExchange.Redis;

namespace FlashSale.Stock;

/// <summary>One confirmed order waiting in a sale's outbox stream.</summary>
public sealed record OutboxEntry(
    RedisValue StreamId,
    string OrderId,
    string SaleId,
    string Sku,
    string ShopperId,
    DateTimeOffset ConfirmedAt);
