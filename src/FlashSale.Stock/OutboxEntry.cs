using FlashSale.Abstractions.Messages;
using StackExchange.Redis;

namespace FlashSale.Stock;

/// <summary>
/// One entry of a sale's outbox stream: a confirmed order (with the SKU it sold), a lapsed hold or an F-code
/// event; exactly one is set.
/// </summary>
public sealed record OutboxEntry(
    RedisValue StreamId, ConfirmedOrder? Order = null, string? Sku = null, FcodeEventRecorded? FcodeEvent = null, HoldLapsed? Lapse = null);
