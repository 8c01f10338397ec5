using System.Globalization;
using System.Security.Claims;
using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Sales;
using FlashSale.Host.Api.Documentation;
using FlashSale.Host.Hosting;
using FlashSale.Stock;
using FlashSale.Stock.Retirement;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace FlashSale.Host.Api;

/// <summary>Optional body of a purchase: with an F-code, the purchase redeems it (the priority grain serves it, past the waiting room).</summary>
public sealed record PurchaseBody(string? Fcode = null);

/// <param name="State"><c>held</c> until paid by <c>payBy</c>, <c>confirmed</c>, or (on a replay) <c>lapsed</c>.</param>
public sealed record PurchaseResponse(string OrderId, string SaleId, string State, DateTimeOffset? PayBy);

/// <summary>The 202 answer: the purchase waits in the sale's waiting room; poll the ticket after <c>retryAfterMs</c>.</summary>
public sealed record QueuedResponse(string TicketId, long? Position, long RetryAfterMs);

public static class PurchaseEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static IEndpointRouteBuilder MapPurchaseEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/sales/{saleId}/purchases", PurchaseAsync).RequireAuthorization(AuthHostingExtensions.ShopperPolicy)
            .WithName("Purchase").WithTags("Purchases").WithSummary("Buy one unit, or redeem an F-code")
            .WithDescription("""
                201: the unit is the shopper's (Location: the order; a retry with the same Idempotency-Key answers the same, with Idempotent-Replayed: true).
                202: the purchase waits in the sale's waiting room; poll the ticket (Location) after retryAfterMs.
                With a body {"fcode": "XXXX-XXXX-XXXX-X"}, the holder skips the waiting room and buys from the units set aside for F-codes.
                """)
            .WithIdempotencyKeyHeader()
            .WithResponseHeader(StatusCodes.Status201Created, ReplayedHeader, "true when this answers a retry with the same Idempotency-Key.")
            .WithResponseHeader(StatusCodes.Status202Accepted, HeaderNames.Location, "The ticket to poll.")
            .WithResponseHeader(StatusCodes.Status202Accepted, HeaderNames.RetryAfter, "Seconds to wait before polling the ticket.")
            .WithResponseHeader(StatusCodes.Status429TooManyRequests, HeaderNames.RetryAfter, "With too_many_attempts: seconds until F-codes may be tried again.")
            .Refuses(PurchaseRefusals.All)
            .Refuses(StatusCodes.Status429TooManyRequests, Problems.TooManyAttempts);
        return api;
    }

    private static async Task<Results<Created<PurchaseResponse>, Accepted<QueuedResponse>, ValidationProblem, ProblemHttpResult>> PurchaseAsync(
        string saleId,
        PurchaseBody? body,
        ClaimsPrincipal user,
        HttpRequest request,
        HttpResponse response,
        SaleGrains sales,
        FcodeInput fcodeInput,
        PurchaseAnswerMetrics metrics,
        OrderFinder orders,
        CancellationToken cancellationToken)
    {
        if (Identifiers.ShopperId(user) is not { } shopperId)
        {
            return Problems.Invalid("sub", $"The token's subject must be 1 to {Identifiers.MaxShopperIdLength} characters without control characters.");
        }
        // Read as sent, not bound as one string: two keys in one request (bound, "a,b") would make it a retry of
        // neither, so two are refused as none is.
        var idempotencyKeys = request.Headers[IdempotencyKeyHeader];
        if (idempotencyKeys.Count != 1 || !Identifiers.IsIdempotencyKey(idempotencyKeys[0]))
        {
            return Problems.Invalid(IdempotencyKeyHeader,
                $"Required, once: 1 to {Identifiers.MaxIdempotencyKeyLength} printable ASCII characters, no spaces. Reuse it when you retry.");
        }
        var idempotencyKey = idempotencyKeys[0]!;
        if (!Identifiers.IsSaleId(saleId))
        {
            return Problems.NoSuchSale(saleId);
        }

        string? fcode = null;
        if (body?.Fcode is { } typed)
        {
            var (code, problem) = await fcodeInput.ParseAsync(typed, user, response);
            if (problem is not null)
            {
                return problem;
            }
            fcode = code!;
        }
        var result = fcode is null
            ? await sales.Sku(saleId).Purchase(new PurchaseRequest(shopperId, idempotencyKey))
            : await sales.Priority(saleId).Redeem(new FcodeRedemption(shopperId, idempotencyKey, fcode));
        if (result.Outcome is PurchaseOutcome.Closed or PurchaseOutcome.FcodeInvalid)
        {
            // A retired sale's idempotency keys and codes left Redis with it; its archive still answers retries.
            result = await orders.AnswerRetiredAsync(saleId, shopperId, idempotencyKey, fcode, cancellationToken) ?? result;
        }
        if (result.Outcome == PurchaseOutcome.FcodeInvalid)
        {
            await fcodeInput.MissedAsync(user);
        }
        metrics.Answered(saleId, fcode is null ? StockMetrics.GeneralKind : StockMetrics.FcodeKind, result.Outcome);
        if (result.Outcome == PurchaseOutcome.Replayed)
        {
            response.Headers[ReplayedHeader] = "true";
        }
        if (result.Ticket is { } ticket)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(ticket.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Accepted(
                $"/api/v1/sales/{saleId}/tickets/{ticket.TicketId}",
                new QueuedResponse(ticket.TicketId, ticket.Position, (long)ticket.RetryAfter.TotalMilliseconds));
        }
        return Answer(result, saleId, response);
    }

    private static Results<Created<PurchaseResponse>, Accepted<QueuedResponse>, ValidationProblem, ProblemHttpResult> Answer(
        PurchaseResult result, string saleId, HttpResponse response)
    {
        if (result.Succeeded)
        {
            return TypedResults.Created(
                $"/api/v1/orders/{result.OrderId}", new PurchaseResponse(result.OrderId!, saleId, OrderStates.Name(result.State), result.PayBy));
        }
        if (result.Outcome == PurchaseOutcome.UnknownSale)
        {
            return Problems.NoSuchSale(saleId);
        }
        if (result.Outcome == PurchaseOutcome.Busy)
        {
            response.Headers.RetryAfter = "1";
        }
        var refusal = PurchaseRefusals.For(result.Outcome);
        return Problems.Of(refusal.Status, refusal.Code, refusal.Title);
    }
}
