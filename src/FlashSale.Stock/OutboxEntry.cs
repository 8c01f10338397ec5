using FlashSale.Abstractions.Messages;
using StackExchange.Redis;

namespace FlashSale.Stock;

/// <summary>One entry of a sale's outbox stream: a confirmed order or an F-code event, never both.</summary>
public sealed record OutboxEntry(RedisValue StreamId, OrderConfirmed? Order, FcodeEventRecorded? FcodeEvent);
