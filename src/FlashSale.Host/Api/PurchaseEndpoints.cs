using System.Security.Claims;
using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Sales;
using FlashSale.Host.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FlashSale.Host.Api;

/// <summary>Optional body of a purchase: with an F-code, the purchase redeems it through the priority grain.</summary>
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
        IGrainFactory grains,
        FcodeInput fcodeInput)
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
        if (!Identifiers.IsSaleId(saleId))
        {
            return Problems.NoSuchSale(saleId);
        }

        PurchaseResult result;
        if (body?.Fcode is { } typed)
        {
            var (code, problem) = await fcodeInput.ParseAsync(typed, user, response);
            if (problem is not null)
            {
                return problem;
            }
            result = await grains.GetGrain<IPriorityGrain>(saleId).Redeem(new FcodeRedemption(shopperId, idempotencyKey!, code!));
            if (result.Outcome == PurchaseOutcome.FcodeInvalid)
            {
                await fcodeInput.MissedAsync(user);
            }
        }
        else
        {
            result = await grains.GetGrain<ISkuGrain>(saleId).Purchase(new PurchaseRequest(shopperId, idempotencyKey!));
        }
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
            PurchaseOutcome.NotRegistered => Problems.Of(StatusCodes.Status403Forbidden, Problems.NotRegistered, "This sale is for shoppers who registered before it opened."),
            PurchaseOutcome.FcodeInvalid => Problems.Of(StatusCodes.Status400BadRequest, Problems.FcodeInvalid, "This sale has no such F-code."),
            PurchaseOutcome.FcodeNotOwner => Problems.Of(StatusCodes.Status403Forbidden, Problems.FcodeNotOwner, "The F-code belongs to someone else."),
            PurchaseOutcome.FcodeUsed => Conflict(Problems.FcodeUsed, "The F-code has been redeemed."),
            PurchaseOutcome.FcodeRevoked => Conflict(Problems.FcodeRevoked, "The F-code has been revoked."),
            PurchaseOutcome.FcodeExpired => Conflict(Problems.FcodeExpired, "The F-code has expired."),
            PurchaseOutcome.FcodeStockExhausted => Conflict(Problems.FcodeStockExhausted, "The units set aside for F-codes are gone."),
            _ => Problems.NoSuchSale(saleId),
        };
    }

    private static ProblemHttpResult Conflict(string code, string title) => Problems.Of(StatusCodes.Status409Conflict, code, title);
}
