namespace FlashSale.Abstractions.Purchases;

/// <summary>One shopper asking for one unit. The idempotency key makes a retry return the first answer.</summary>
[GenerateSerializer, Immutable]
public sealed record PurchaseRequest(string ShopperId, string IdempotencyKey);
