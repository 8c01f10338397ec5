namespace FlashSale.Abstractions.Purchases;

/// <summary>
/// The answer to a purchase. A unit won carries its order, the order's state and, while held, when it must be
/// paid by; a purchase that waits in the waiting room carries its <see cref="Ticket"/> instead.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PurchaseResult(
    PurchaseOutcome Outcome,
    string? OrderId = null,
    OrderState? State = null,
    DateTimeOffset? PayBy = null,
    QueueTicket? Ticket = null)
{
    public bool Succeeded => Outcome is PurchaseOutcome.Purchased or PurchaseOutcome.Replayed;
}
