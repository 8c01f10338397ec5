using System.Security.Claims;
using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Sales;
using FlashSale.Fcodes;
using FlashSale.Fulfillment;
using FlashSale.Host.Api.Documentation;
using FlashSale.Host.Hosting;
using FlashSale.Stock;
using FlashSale.Stock.Retirement;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlashSale.Host.Api;

/// <summary>
/// An order from the moment its unit was won: <c>held</c> until paid by <c>payBy</c>, then <c>confirmed</c>
/// (the unit is the shopper's) or <c>lapsed</c> (the unit went back to stock), and <c>fulfilled</c> once
/// fulfillment has stored the confirmed order in PostgreSQL. <c>fcode</c> is the F-code that bought it, if one did.
/// </summary>
public sealed record OrderResponse(
    string OrderId,
    string SaleId,
    string ShopperId,
    string State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PayBy,
    DateTimeOffset? ConfirmedAt,
    DateTimeOffset? LapsedAt,
    DateTimeOffset? FulfilledAt,
    string? Fcode);

public static class OrderEndpoints
{
    private const string Tag = "Orders";

    public static IEndpointRouteBuilder MapOrderEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/orders/{orderId}", GetAsync).RequireAuthorization(AuthHostingExtensions.ShopperPolicy)
            .WithName("GetOrder").WithTags(Tag).WithSummary("An order (its shopper's, or any for ops)")
            .Refuses(StatusCodes.Status403Forbidden, Problems.Forbidden)
            .Refuses(StatusCodes.Status404NotFound, Problems.OrderNotFound);
        api.MapPost("/orders/{orderId}/payment", PayAsync).RequireAuthorization(AuthHostingExtensions.ShopperPolicy)
            .WithName("PayOrder").WithTags(Tag).WithSummary("Pay for a held order before its payBy")
            .Refuses(StatusCodes.Status403Forbidden, Problems.Forbidden)
            .Refuses(StatusCodes.Status404NotFound, Problems.OrderNotFound)
            .Refuses(StatusCodes.Status409Conflict, Problems.HoldExpired, Problems.AlreadyPaid);
        return api;
    }

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetAsync(
        string orderId, ClaimsPrincipal user, OrderReader fulfilled, OrderFinder orders, CancellationToken cancellationToken)
    {
        if (!TrySaleOf(orderId, out var saleId) || await orders.FindAsync(saleId, orderId, cancellationToken) is not { } order)
        {
            return NotFound(orderId);
        }
        if (order.ShopperId != Identifiers.ShopperId(user) && !Identifiers.IsOps(user))
        {
            return Problems.Of(StatusCodes.Status403Forbidden, Problems.Forbidden, "Only the shopper who placed an order, or ops, may read it.");
        }
        var stored = order.State == OrderState.Confirmed ? await fulfilled.FindAsync(orderId, cancellationToken) : null;
        return TypedResults.Ok(ToResponse(order, stored));
    }

    /// <summary>
    /// Marks a held order paid (the payment provider is out of scope). Only its shopper may pay it; a hold that
    /// lapsed first gets 409 <c>hold_expired</c>, a second payment 409 <c>already_paid</c>, and neither changes anything.
    /// So does a payment for an order of a retired sale, answered from the archive.
    /// </summary>
    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> PayAsync(
        string orderId, ClaimsPrincipal user, SaleGrains sales, StockStore stock, OrderFinder orders, CancellationToken cancellationToken)
    {
        if (!TrySaleOf(orderId, out var saleId) || Identifiers.ShopperId(user) is not { } shopperId)
        {
            return NotFound(orderId);
        }
        var paid = await sales.Sku(saleId).Pay(orderId, shopperId);
        if (paid.Outcome == PaymentOutcome.OrderNotFound && await orders.FindAsync(saleId, orderId, cancellationToken) is { } archived)
        {
            paid = archived.PaymentAnswerFor(shopperId);
        }
        return paid.Outcome switch
        {
            PaymentOutcome.Paid => TypedResults.Ok(ToResponse((await stock.GetOrderAsync(saleId, orderId))!, null)),
            PaymentOutcome.HoldExpired => Problems.Of(StatusCodes.Status409Conflict, Problems.HoldExpired, "The hold lapsed before the payment arrived.",
                $"The unit went back to stock at {paid.At:O}. Nothing was charged."),
            PaymentOutcome.AlreadyPaid => Problems.Of(StatusCodes.Status409Conflict, Problems.AlreadyPaid, "The order is already paid.",
                $"It was confirmed at {paid.At:O}."),
            PaymentOutcome.NotOwner => Problems.Of(StatusCodes.Status403Forbidden, Problems.Forbidden, "Only the shopper who placed an order may pay for it."),
            _ => NotFound(orderId),
        };
    }

    private static bool TrySaleOf(string orderId, out string saleId) =>
        OrderIds.TryGetSaleId(orderId, out saleId) && Identifiers.IsSaleId(saleId);

    private static ProblemHttpResult NotFound(string orderId) =>
        Problems.Of(StatusCodes.Status404NotFound, Problems.OrderNotFound, "No such order.", $"There is no order '{orderId}'.");

    private static OrderResponse ToResponse(StockOrder order, FulfilledOrder? stored) => new(
        order.OrderId,
        order.SaleId,
        order.ShopperId,
        stored is not null ? OrderStates.Fulfilled : OrderStates.Name(order.State),
        order.CreatedAt,
        order.PayBy,
        order.State == OrderState.Confirmed ? order.SettledAt : null,
        order.State == OrderState.Lapsed ? order.SettledAt : null,
        stored?.FulfilledAt,
        order.Fcode is null ? null : FcodeFormat.Display(order.Fcode));
}
