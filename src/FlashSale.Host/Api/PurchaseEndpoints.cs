using System.Security.Claims;
using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Sales;
using FlashSale.Host.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FlashSale.Host.Api;

/// <summary>Optional body of a purchase. F-code redemption will use it.</summary>
public sealed record PurchaseBody(string? Fcode);

public sealed record PurchaseResponse(string OrderId, string SaleId, string State);

public static class PurchaseEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static IEndpointRouteBuilder MapPurchaseEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/sales/{saleId}/purchases", PurchaseAsync).RequireAuthorization(AuthHostingExtensions.ShopperPolicy);
        return api;
    }

    private static async Task<Results<Created<PurchaseResponse>, ValidationProblem, ProblemHttpResult>> PurchaseAsync(
        string saleId,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        PurchaseBody? body,
        ClaimsPrincipal user,
        HttpResponse response,
        IGrainFactory grains)
    {
        if (Identifiers.ShopperId(user) is not { } shopperId)
        {
            return Problems.Invalid("sub", $"The token's subject must be 1 to {Identifiers.MaxShopperIdLength} characters without control characters.");
        }
        if (!Identifiers.IsIdempotencyKey(idempotencyKey))
        {
            return Problems.Invalid(IdempotencyKeyHeader,
                $"Required: 1 to {Identifiers.MaxIdempotencyKeyLength} printable ASCII characters, no spaces. Reuse it when you retry.");
        }
        if (body?.Fcode is not null)
        {
            return Problems.Invalid("fcode", "F-code redemption is not enabled on this server.");
        }
        if (!Identifiers.IsSaleId(saleId))
        {
            return Problems.NoSuchSale(saleId);
        }

        var result = await grains.GetGrain<ISkuGrain>(saleId).Purchase(new PurchaseRequest(shopperId, idempotencyKey!));
        if (result.Outcome == PurchaseOutcome.Replayed)
        {
            response.Headers[ReplayedHeader] = "true";
        }
        return result.Outcome switch
        {
            PurchaseOutcome.Purchased or PurchaseOutcome.Replayed => TypedResults.Created(
                $"/api/v1/orders/{result.OrderId}", new PurchaseResponse(result.OrderId!, saleId, "confirmed")),
            PurchaseOutcome.SoldOut => Conflict(Problems.SoldOut, "Sold out."),
            PurchaseOutcome.LimitReached => Conflict(Problems.LimitReached, "You have bought as many units as this sale allows."),
            PurchaseOutcome.NotOpen => Conflict(Problems.NotOpen, "The sale has not opened yet."),
            PurchaseOutcome.Closed => Conflict(Problems.Closed, "The sale has ended."),
            _ => Problems.NoSuchSale(saleId),
        };
    }

    private static ProblemHttpResult Conflict(string code, string title) => Problems.Of(StatusCodes.Status409Conflict, code, title);
}
