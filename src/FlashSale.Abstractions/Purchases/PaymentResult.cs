namespace FlashSale.Abstractions.Purchases;

[GenerateSerializer]
public enum PaymentOutcome
{
    /// <summary>The hold became a confirmed order, handed to fulfillment.</summary>
    Paid,

    /// <summary>The hold lapsed before the payment arrived; its unit went back to stock.</summary>
    HoldExpired,
    AlreadyPaid,
    NotOwner,
    OrderNotFound,
}

/// <param name="At">When the order was confirmed or lapsed, by Redis's clock.</param>
[GenerateSerializer, Immutable]
public sealed record PaymentResult(PaymentOutcome Outcome, DateTimeOffset? At = null);
