namespace FlashSale.Abstractions.Purchases;

[GenerateSerializer, Immutable]
public sealed record PurchaseResult(PurchaseOutcome Outcome, string? OrderId = null)
{
    public bool Succeeded => Outcome is PurchaseOutcome.Purchased or PurchaseOutcome.Replayed;
}
