using FlashSale.Abstractions.Messages;
using StackExchange.Redis;

namespace FlashSale.Stock;

/// <summary>One entry of a sale's outbox stream: a confirmed order, a lapsed hold or an F-code event; exactly one is set.</summary>
public sealed record OutboxEntry(RedisValue StreamId, OrderConfirmed? Order = null, FcodeEventRecorded? FcodeEvent = null, HoldLapsed? Lapse = null);
