namespace FlashSale.Abstractions.Messages;

/// <summary>
/// The confirmed orders of one sale that one outbox relay pass moved, published as one message: at launch rates
/// a message per order costs the broker more than the sale itself. The sale and its SKU are said once for the
/// batch, and times are unix milliseconds, so fulfillment parses less than half the JSON it would for
/// self-contained orders. Delivered at least once, so consumers must be idempotent per
/// <see cref="ConfirmedOrder.OrderId"/>.
/// </summary>
public sealed record OrdersConfirmed(string SaleId, string Sku, IReadOnlyList<ConfirmedOrder> Orders);

/// <summary>
/// F-code redemptions among the orders of one relay pass, for the F-code registry: most orders of a launch use
/// no code, and the registry should not read them all. Delivered at least once.
/// </summary>
public sealed record FcodesRedeemed(string SaleId, IReadOnlyList<ConfirmedOrder> Orders);

/// <summary>
/// One order whose unit was taken in Redis, at <see cref="ConfirmedAtMs"/> (unix milliseconds, Redis's clock).
/// <see cref="Fcode"/> is set when an F-code bought it; then <see cref="FcodeVersion"/> is the code's version after
/// its redemption.
/// </summary>
public sealed record ConfirmedOrder(string OrderId, string ShopperId, long ConfirmedAtMs, string? Fcode = null, long? FcodeVersion = null);
