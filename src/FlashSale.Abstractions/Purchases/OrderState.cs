namespace FlashSale.Abstractions.Purchases;

/// <summary>
/// A purchase's life after it wins a unit: <see cref="Held"/> until paid or lapsed, then <see cref="Confirmed"/>
/// (and handed to fulfillment) or <see cref="Lapsed"/> (its unit back in stock).
/// </summary>
[GenerateSerializer]
public enum OrderState
{
    Held,
    Confirmed,
    Lapsed,
}
