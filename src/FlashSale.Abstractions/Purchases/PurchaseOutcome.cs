namespace FlashSale.Abstractions.Purchases;

[GenerateSerializer]
public enum PurchaseOutcome
{
    /// <summary>A unit was taken and the order written to the outbox.</summary>
    Purchased,

    /// <summary>The idempotency key was seen before; the order is the one the first request created.</summary>
    Replayed,
    SoldOut,
    LimitReached,
    NotOpen,
    Closed,
    UnknownSale,

    /// <summary>The sale requires registration and this shopper did not register before it opened.</summary>
    NotRegistered,

    /// <summary>No such F-code in this sale.</summary>
    FcodeInvalid,
    FcodeNotOwner,
    FcodeUsed,
    FcodeRevoked,
    FcodeExpired,
    FcodeStockExhausted,
}
