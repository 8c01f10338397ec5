namespace FlashSale.Abstractions.Purchases;

/// <summary>A shopper redeeming an F-code (already normalized and check-character verified).</summary>
[GenerateSerializer, Immutable]
public sealed record FcodeRedemption(string ShopperId, string IdempotencyKey, string Code);
