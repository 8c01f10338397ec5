namespace FlashSale.Abstractions.Messages;

/// <summary>
/// The orders one outbox relay pass moved, published as one message: at launch rates a message per order
/// costs the broker more than the sale itself. Delivered at least once, so consumers must be idempotent
/// per <see cref="OrderConfirmed.OrderId"/>.
/// </summary>
public sealed record OrdersConfirmed(IReadOnlyList<OrderConfirmed> Orders);
