using FlashSale.Abstractions.Purchases;

namespace FlashSale.Host.Api;

/// <summary>How the API reports each way a purchase can be refused: one table for the purchase and the ticket endpoints.</summary>
public static class PurchaseRefusals
{
    public sealed record Refusal(int Status, string Code, string Title);

    public static Refusal For(PurchaseOutcome outcome) => outcome switch
    {
        PurchaseOutcome.SoldOut => Conflict(Problems.SoldOut, "Sold out."),
        PurchaseOutcome.IdempotencyKeyReused => new(StatusCodes.Status422UnprocessableEntity, Problems.IdempotencyKeyReused,
            "This Idempotency-Key was first used for a different request; use a new key for a new request."),
        PurchaseOutcome.LimitReached => Conflict(Problems.LimitReached, "You have bought as many units as this sale allows."),
        PurchaseOutcome.NotOpen => Conflict(Problems.NotOpen, "The sale has not opened yet."),
        PurchaseOutcome.Closed => Conflict(Problems.Closed, "The sale has ended."),
        PurchaseOutcome.Busy => new(StatusCodes.Status503ServiceUnavailable, Problems.Busy, "The waiting room is full; units remain, so try again shortly with the same Idempotency-Key."),
        PurchaseOutcome.TooManyTickets => new(StatusCodes.Status429TooManyRequests, Problems.TooManyTickets,
            "You already wait with as many tickets as this sale lets you buy units; poll those (GET …/tickets/{ticketId})."),
        PurchaseOutcome.NotRegistered => new(StatusCodes.Status403Forbidden, Problems.NotRegistered, "This sale is for shoppers who registered before it opened."),
        PurchaseOutcome.FcodeInvalid => new(StatusCodes.Status400BadRequest, Problems.FcodeInvalid, "This sale has no such F-code."),
        PurchaseOutcome.FcodeNotOwner => new(StatusCodes.Status403Forbidden, Problems.FcodeNotOwner, "The F-code belongs to someone else."),
        PurchaseOutcome.FcodeUsed => Conflict(Problems.FcodeUsed, "The F-code has been redeemed."),
        PurchaseOutcome.FcodeRevoked => Conflict(Problems.FcodeRevoked, "The F-code has been revoked."),
        PurchaseOutcome.FcodeExpired => Conflict(Problems.FcodeExpired, "The F-code has expired."),
        PurchaseOutcome.FcodeStockExhausted => Conflict(Problems.FcodeStockExhausted, "The units set aside for F-codes are gone."),
        _ => new(StatusCodes.Status404NotFound, Problems.SaleNotFound, "No such sale."),
    };

    /// <summary>Every refusal a purchase can meet: what the API document lists for the purchase endpoint.</summary>
    public static IEnumerable<(int Status, string Code)> All =>
        Enum.GetValues<PurchaseOutcome>()
            .Where(o => o is not (PurchaseOutcome.Purchased or PurchaseOutcome.Replayed or PurchaseOutcome.Queued))
            .Select(For)
            .Select(r => (r.Status, r.Code));

    private static Refusal Conflict(string code, string title) => new(StatusCodes.Status409Conflict, code, title);
}
