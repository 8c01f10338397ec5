using System.Security.Claims;
using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Sales;
using FlashSale.Host.Api.Documentation;
using FlashSale.Host.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlashSale.Host.Api;

/// <summary>
/// A waiting-room ticket. <c>queued</c> carries the position (null until the admission draw) and an ETA;
/// <c>won</c> the order; <c>sold_out</c> nothing; <c>refused</c> the problem code that refused it; <c>failed</c>
/// means serving it failed and nothing was taken: retry the purchase with the same Idempotency-Key.
/// </summary>
public sealed record TicketResponse(
    string TicketId,
    string SaleId,
    string State,
    long? Position,
    long? EtaMs,
    long RetryAfterMs,
    string? OrderId,
    string? OrderState,
    DateTimeOffset? PayBy,
    string? Reason);

public static class TicketEndpoints
{
    public static IEndpointRouteBuilder MapTicketEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/sales/{saleId}/tickets/{ticketId}", GetAsync).RequireAuthorization(AuthHostingExtensions.ShopperPolicy)
            .WithName("GetTicket").WithTags("Purchases").WithSummary("How a purchase in the waiting room stands")
            .Refuses(StatusCodes.Status404NotFound, Problems.TicketNotFound);
        return api;
    }

    private static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> GetAsync(
        string saleId, string ticketId, ClaimsPrincipal user, SaleGrains sales)
    {
        var shopperId = Identifiers.ShopperId(user);
        var status = shopperId is not null && Identifiers.IsSaleId(saleId) && Identifiers.IsTicketId(ticketId)
            ? await sales.Sku(saleId).GetTicket(ticketId, shopperId)
            : null;
        if (status is null)
        {
            // Also the answer for another shopper's ticket: a ticket id says nothing to anyone but its holder.
            return Problems.Of(StatusCodes.Status404NotFound, Problems.TicketNotFound, "No such ticket.",
                "Tickets live in the sale's waiting room for a while after they are answered; to learn how a purchase ended, retry it with the same Idempotency-Key.");
        }
        var result = status.Result;
        var won = status.State == TicketState.Won;
        return TypedResults.Ok(new TicketResponse(
            ticketId,
            saleId,
            StateName(status.State),
            status.Ticket.Position,
            (long?)status.Eta?.TotalMilliseconds,
            (long)status.Ticket.RetryAfter.TotalMilliseconds,
            won ? result!.OrderId : null,
            won ? OrderStates.Name(result!.State) : null,
            won ? result!.PayBy : null,
            status.State == TicketState.Refused ? PurchaseRefusals.For(result!.Outcome).Code : null));
    }

    private static string StateName(TicketState state) => state switch
    {
        TicketState.Queued => "queued",
        TicketState.Won => "won",
        TicketState.SoldOut => "sold_out",
        TicketState.Refused => "refused",
        _ => "failed",
    };
}
