namespace FlashSale.Abstractions.Messages;

/// <summary>
/// One order whose unit was taken in Redis. <see cref="Fcode"/> is set when an F-code bought it; then
/// <see cref="FcodeVersion"/> is the code's version after its redemption.
/// </summary>
public sealed record OrderConfirmed(
    string OrderId,
    string SaleId,
    string Sku,
    string ShopperId,
    DateTimeOffset ConfirmedAt,
    string? Fcode = null,
    long FcodeVersion = 0);
