using FlashSale.Abstractions.Purchases;

namespace FlashSale.Stock;

/// <summary>An order as Redis records it, from the moment its unit was taken.</summary>
/// <param name="PayBy">When a held order lapses; null for orders never held.</param>
/// <param name="SettledAt">When it was confirmed or lapsed; null while held.</param>
public sealed record StockOrder(
    string OrderId,
    string SaleId,
    string ShopperId,
    OrderState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PayBy,
    DateTimeOffset? SettledAt,
    string? Fcode)
{
    /// <summary>Parses the record <c>state|created_ms|pay_by_ms|settled_ms|fcode|shopper</c> the scripts write.</summary>
    public static StockOrder Parse(string orderId, string saleId, string record)
    {
        var f = record.Split('|', 6);
        static DateTimeOffset? Time(string ms) => long.Parse(ms) is > 0 and var v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
        return new StockOrder(orderId, saleId, f[5], ParseState(f[0], orderId), Time(f[1])!.Value, Time(f[2]), Time(f[3]), f[4].Length > 0 ? f[4] : null);
    }

    /// <summary>
    /// The answer to a retry of the purchase that made this order, as the scripts' <c>replay</c> gives it: a key
    /// first used to redeem another code, or none, is refused rather than answered with this order.
    /// </summary>
    /// <param name="fcode">The code the retry redeems; null for a general purchase.</param>
    public PurchaseResult ReplayFor(string? fcode) => Fcode == fcode
        ? new PurchaseResult(PurchaseOutcome.Replayed, OrderId, State, PayBy)
        : new PurchaseResult(PurchaseOutcome.IdempotencyKeyReused);

    /// <summary>
    /// The answer to a payment for this order once it settled, as <c>pay.lua</c> gives it: for an order of a
    /// retired sale, which only settled orders reach.
    /// </summary>
    public PaymentResult PaymentAnswerFor(string shopperId) =>
        ShopperId != shopperId ? new PaymentResult(PaymentOutcome.NotOwner)
        : new PaymentResult(State == OrderState.Lapsed ? PaymentOutcome.HoldExpired : PaymentOutcome.AlreadyPaid, SettledAt);

    /// <summary>The name the scripts, the archive and the API give a state.</summary>
    public static string NameOf(OrderState state) => state switch
    {
        OrderState.Held => "held",
        OrderState.Lapsed => "lapsed",
        _ => "confirmed",
    };

    public static OrderState ParseState(string name, string orderId) => name switch
    {
        "held" => OrderState.Held,
        "confirmed" => OrderState.Confirmed,
        "lapsed" => OrderState.Lapsed,
        _ => throw new FormatException($"Order {orderId} has an unknown state '{name}'."),
    };
}
