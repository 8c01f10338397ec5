namespace FlashSale.Abstractions.Purchases;

[GenerateSerializer]
public enum TicketState
{
    /// <summary>Waiting; <see cref="TicketStatus.Ticket"/> says where.</summary>
    Queued,

    /// <summary>A unit was won: <see cref="TicketStatus.Result"/> carries the order.</summary>
    Won,
    SoldOut,

    /// <summary>Served but refused (not registered, limit reached, sale closed): <see cref="TicketStatus.Result"/> says why.</summary>
    Refused,

    /// <summary>Serving it failed (Redis unreachable); nothing was taken. Retry the purchase with the same idempotency key.</summary>
    Failed,
}

[GenerateSerializer, Immutable]
public sealed record TicketStatus(TicketState State, QueueTicket Ticket, PurchaseResult? Result, TimeSpan? Eta);
