namespace FlashSale.Abstractions.Purchases;

[GenerateSerializer]
public enum PurchaseOutcome
{
    /// <summary>A unit was taken: held until paid, or confirmed and written to the outbox when the sale has no payment window.</summary>
    Purchased,

    /// <summary>The idempotency key was seen before; the order is the one the first request created.</summary>
    Replayed,

    /// <summary>The idempotency key was first used for a different request (a purchase, or another F-code): nothing was done.</summary>
    IdempotencyKeyReused,
    SoldOut,
    LimitReached,
    NotOpen,
    Closed,
    UnknownSale,

    /// <summary>The SKU has more work in flight than its budget: the purchase waits in the waiting room.</summary>
    Queued,

    /// <summary>The waiting room is full while units remain: try again later.</summary>
    Busy,

    /// <summary>The sale requires registration and this shopper did not register before it opened.</summary>
    NotRegistered,

    /// <summary>No such F-code in this sale.</summary>
    FcodeInvalid,
    FcodeNotOwner,
    FcodeUsed,
    FcodeRevoked,
    FcodeExpired,
    FcodeStockExhausted,

    /// <summary>
    /// The shopper already waits with as many tickets as the sale lets one shopper buy units: more would only take
    /// places in the line (and chances in the admission draw) from others. Appended last, so the values already
    /// serialized keep their meaning.
    /// </summary>
    TooManyTickets,
}
