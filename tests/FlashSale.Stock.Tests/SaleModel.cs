using FlashSale.Abstractions.Purchases;

namespace FlashSale.Stock.Tests;

/// <summary>
/// What the sale's scripts should do, one request at a time, in order, in a few lines: the general pool with its
/// per-shopper limit, the F-code allocation and its codes, the idempotency keys and order numbers they share, and
/// the outbox, and the payment of held units. The model tests hold the real scripts to it.
/// </summary>
/// <param name="holds">The sale has a payment window: a unit bought from the general pool is held until paid.</param>
internal sealed class SaleModel(string saleId, int stock, int fcodeStock, int limit, IEnumerable<NewFcode> issued, bool holds = false)
{
    private readonly Dictionary<(string Shopper, string Key), (string OrderId, string Fcode)> _answered = [];
    private readonly Dictionary<string, (string Shopper, bool Held)> _orders = [];
    private int _seq;

    public sealed record CodeState(string Owner, string State, string? OrderId, long Version);

    /// <summary>An issued code is at version 1; every change and the redemption add one.</summary>
    public Dictionary<string, CodeState> Codes { get; } = issued.ToDictionary(c => c.Code, c => new CodeState(c.OwnerId ?? "", "active", null, 1));

    /// <summary>Units taken from the general pool: held or confirmed, as the sale's payment window has it.</summary>
    public int Sold { get; private set; }

    public int Remaining => stock - Sold;

    public int Held => _orders.Values.Count(o => o.Held);

    public int FcodeRemaining => fcodeStock - Codes.Values.Count(c => c.State == "redeemed");

    public Dictionary<string, int> Units { get; } = [];

    /// <summary>The outbox as <see cref="Lines"/> renders it: confirmed orders, in the order they were confirmed, and F-code events.</summary>
    public List<string> Outbox { get; } = [];

    /// <summary>Orders and F-code events in stream order, one line each.</summary>
    public static IEnumerable<string> Lines(IEnumerable<OutboxEntry> entries) => entries.SelectMany(e => e.FcodeEvent is { } fe
        ? [$"{fe.Kind} {fe.Code} {fe.FromOwner}>{fe.ToOwner} v{fe.Version}"]
        : e.Orders.Select(o => OrderLine(o.OrderId, o.ShopperId, o.Fcode, o.FcodeVersion)));

    public (PurchaseOutcome, string?) Buy(PurchaseRequest request)
    {
        if (_answered.TryGetValue((request.ShopperId, request.IdempotencyKey), out var prior))
        {
            return prior.Fcode == "" ? (PurchaseOutcome.Replayed, prior.OrderId) : (PurchaseOutcome.IdempotencyKeyReused, null);
        }
        if (Remaining == 0)
        {
            return (PurchaseOutcome.SoldOut, null);
        }
        if (Units.GetValueOrDefault(request.ShopperId) == limit)
        {
            return (PurchaseOutcome.LimitReached, null);
        }
        Sold++;
        Units[request.ShopperId] = Units.GetValueOrDefault(request.ShopperId) + 1;
        return (PurchaseOutcome.Purchased, NewOrder(request.ShopperId, request.IdempotencyKey, "", null, holds));
    }

    public PaymentOutcome Pay(string orderId, string shopper)
    {
        if (!_orders.TryGetValue(orderId, out var order))
        {
            return PaymentOutcome.OrderNotFound;
        }
        if (order.Shopper != shopper)
        {
            return PaymentOutcome.NotOwner;
        }
        if (!order.Held)
        {
            return PaymentOutcome.AlreadyPaid;
        }
        _orders[orderId] = order with { Held = false };
        Outbox.Add(OrderLine(orderId, shopper, null, null));
        return PaymentOutcome.Paid;
    }

    public (PurchaseOutcome, string?) Redeem(FcodeRedemption redemption)
    {
        if (_answered.TryGetValue((redemption.ShopperId, redemption.IdempotencyKey), out var prior))
        {
            return prior.Fcode == redemption.Code ? (PurchaseOutcome.Replayed, prior.OrderId) : (PurchaseOutcome.IdempotencyKeyReused, null);
        }
        if (!Codes.TryGetValue(redemption.Code, out var code))
        {
            return (PurchaseOutcome.FcodeInvalid, null);
        }
        if (Refusal(code) is { } refusal)
        {
            return (refusal == FcodeChangeOutcome.Used ? PurchaseOutcome.FcodeUsed : PurchaseOutcome.FcodeRevoked, null);
        }
        if (code.Owner != "" && code.Owner != redemption.ShopperId)
        {
            return (PurchaseOutcome.FcodeNotOwner, null);
        }
        if (FcodeRemaining == 0)
        {
            return (PurchaseOutcome.FcodeStockExhausted, null);
        }
        var redeemed = code with { State = "redeemed", Version = code.Version + 1 };
        var orderId = NewOrder(redemption.ShopperId, redemption.IdempotencyKey, redemption.Code, redeemed.Version, held: false);
        Codes[redemption.Code] = redeemed with { OrderId = orderId };
        return (PurchaseOutcome.Purchased, orderId);
    }

    /// <param name="askingOwner">The shopper asking, who must own the code; null when ops ask.</param>
    /// <param name="newOwner">The transfer's new owner; null revokes.</param>
    public FcodeChangeOutcome Change(string codeName, string? askingOwner, string? newOwner)
    {
        if (!Codes.TryGetValue(codeName, out var code))
        {
            return FcodeChangeOutcome.Invalid;
        }
        if (Refusal(code) is { } refusal)
        {
            return refusal;
        }
        if (askingOwner is not null && code.Owner != askingOwner)
        {
            return FcodeChangeOutcome.NotOwner;
        }
        var changed = newOwner is null
            ? code with { State = "revoked", Version = code.Version + 1 }
            : code with { Owner = newOwner, Version = code.Version + 1 };
        Codes[codeName] = changed;
        Outbox.Add($"{(newOwner is null ? "revoked" : "transferred")} {codeName} {code.Owner}>{changed.Owner} v{changed.Version}");
        return FcodeChangeOutcome.Changed;
    }

    private static FcodeChangeOutcome? Refusal(CodeState code) => code.State switch
    {
        "redeemed" => FcodeChangeOutcome.Used,
        "revoked" => FcodeChangeOutcome.Revoked,
        _ => null,
    };

    private static string OrderLine(string orderId, string shopper, string? fcode, long? version) => $"order {orderId} {shopper} {fcode} v{version}";

    private string NewOrder(string shopper, string key, string fcode, long? version, bool held)
    {
        var orderId = $"{saleId}-{++_seq}";
        _answered[(shopper, key)] = (orderId, fcode);
        _orders[orderId] = (shopper, held);
        if (!held)
        {
            Outbox.Add(OrderLine(orderId, shopper, fcode == "" ? null : fcode, version));
        }
        return orderId;
    }
}
