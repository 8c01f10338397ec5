using System.Security.Claims;
using FlashSale.Fcodes;
using FlashSale.Fulfillment;
using FlashSale.Host.Hosting;
using FlashSale.Stock;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlashSale.Host.Api;

/// <summary>
/// <c>confirmed</c>: the unit is taken in Redis; <c>fulfilled</c>: fulfillment has stored the order in PostgreSQL.
/// <see cref="Fcode"/> is the F-code that bought it, if one did.
/// </summary>
public sealed record OrderResponse(
    string OrderId,
    string SaleId,
    string ShopperId,
    string State,
    DateTimeOffset ConfirmedAt,
    DateTimeOffset? FulfilledAt,
    string? Fcode);

public static class OrderEndpoints
{
    public static IEndpointRouteBuilder MapOrderEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/orders/{orderId}", GetAsync).RequireAuthorization(AuthHostingExtensions.ShopperPolicy);
        return api;
    }

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetAsync(
        string orderId, ClaimsPrincipal user, OrderReader fulfilled, StockStore stock, CancellationToken cancellationToken)
    {
        var order = await FindAsync(orderId, fulfilled, stock, cancellationToken);
        if (order is null)
        {
            return Problems.Of(StatusCodes.Status404NotFound, Problems.OrderNotFound, "No such order.", $"There is no order '{orderId}'.");
        }
        return order.ShopperId == Identifiers.ShopperId(user) || Identifiers.IsOps(user)
            ? TypedResults.Ok(order)
            : Problems.Of(StatusCodes.Status403Forbidden, Problems.Forbidden, "Only the shopper who placed an order, or ops, may read it.");
    }

    private static string? Display(string? fcode) => fcode is null ? null : FcodeFormat.Display(fcode);

    private static async Task<OrderResponse?> FindAsync(string orderId, OrderReader fulfilled, StockStore stock, CancellationToken cancellationToken)
    {
        if (!OrderIds.TryGetSaleId(orderId, out var saleId) || !Identifiers.IsSaleId(saleId))
        {
            return null;
        }
        if (await fulfilled.FindAsync(orderId, cancellationToken) is { } stored)
        {
            return new OrderResponse(stored.OrderId, stored.SaleId, stored.ShopperId, "fulfilled", stored.ConfirmedAt, stored.FulfilledAt, Display(stored.Fcode));
        }
        return await stock.GetOrderAsync(saleId, orderId) is { } taken
            ? new OrderResponse(taken.OrderId, taken.SaleId, taken.ShopperId, "confirmed", taken.ConfirmedAt, null, Display(taken.Fcode))
            : null;
    }
}
