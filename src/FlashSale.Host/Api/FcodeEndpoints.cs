using System.Security.Claims;
using FlashSale.Abstractions.Sales;
using FlashSale.Fcodes;
using FlashSale.Host.Api.Documentation;
using FlashSale.Host.Hosting;
using FlashSale.Stock;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace FlashSale.Host.Api;

public static class FcodeEndpoints
{
    private const string Tag = "F-codes";

    public static IEndpointRouteBuilder MapFcodeEndpoints(this IEndpointRouteBuilder api)
    {
        // Up to 100,000 owner ids in one request: far above the API-wide body limit.
        api.MapPost("/sales/{saleId}/fcodes", IssueAsync).RequireAuthorization(AuthHostingExtensions.OpsPolicy)
            .WithMetadata(new BodySizeLimit(8 * 1024 * 1024))
            .WithRequiredBody<IssueFcodesRequest>()
            .WithName("IssueFcodes").WithTags(Tag).WithSummary("Issue F-codes for a sale (ops): count unowned, or one per ownerId")
            .Refuses(StatusCodes.Status404NotFound, Problems.SaleNotFound);
        api.MapPost("/sales/{saleId}/fcode-stock/release", ReleaseAsync).RequireAuthorization(AuthHostingExtensions.OpsPolicy)
            .WithName("ReleaseFcodeStock").WithTags(Tag).WithSummary("Move the units left for F-codes to general stock (ops)")
            .Refuses(StatusCodes.Status404NotFound, Problems.SaleNotFound);
        api.MapGet("/fcodes", ListAsync).RequireAuthorization(AuthHostingExtensions.ShopperPolicy)
            .WithName("ListFcodes").WithTags(Tag).WithSummary("A shopper's F-codes (ops: anyone's, by ownerId)")
            .WithQueryParameter("ownerId", "Whose codes to list: required for ops; a shopper may name only themselves.")
            .Refuses(StatusCodes.Status403Forbidden, Problems.Forbidden);
        api.MapGet("/fcodes/{code}", GetAsync).RequireAuthorization(AuthHostingExtensions.ShopperPolicy)
            .WithName("TraceFcode").WithTags(Tag).WithSummary("An F-code and its history: issue, transfers, redemption, revocation")
            .RefusesFcodeInput()
            .Refuses(StatusCodes.Status404NotFound, Problems.FcodeNotFound);
        api.MapPost("/fcodes/{code}/transfer", TransferAsync).RequireAuthorization(AuthHostingExtensions.ShopperPolicy)
            .WithRequiredBody<TransferFcodeRequest>()
            .WithName("TransferFcode").WithTags(Tag).WithSummary("Hand an F-code to a friend (its owner, or ops)")
            .RefusesFcodeChange();
        api.MapPost("/fcodes/{code}/revoke", RevokeAsync).RequireAuthorization(AuthHostingExtensions.OpsPolicy)
            .WithName("RevokeFcode").WithTags(Tag).WithSummary("Revoke an F-code (ops)")
            .RefusesFcodeChange();
        return api;
    }

    private static async Task<Results<Created<IssueFcodesResponse>, ValidationProblem, ProblemHttpResult>> IssueAsync(
        string saleId, IssueFcodesRequest? body, ClaimsPrincipal user, SaleGrains sales, FcodeIssuer issuer, TimeProvider clock, CancellationToken cancellationToken)
    {
        var request = body!; // WithRequiredBody answered a request without one
        var errors = new Dictionary<string, string[]>();
        var count = request.Count ?? request.OwnerIds?.Length;
        if (count is not (>= 1 and <= FcodeIssuer.MaxPerRequest))
        {
            errors["count"] = [$"1 to {FcodeIssuer.MaxPerRequest} (or give ownerIds, one code each)."];
        }
        else if (request.OwnerIds is { } owners && owners.Length != count)
        {
            errors["ownerIds"] = [$"One owner per code: {owners.Length} owners for {count} codes."];
        }
        if (request.OwnerIds?.Any(o => !Identifiers.IsShopperId(o)) == true)
        {
            errors["ownerIds"] = [$"Each owner is a shopper id of 1 to {Identifiers.MaxShopperIdLength} characters without control characters."];
        }
        if (request.ExpiresAt <= clock.GetUtcNow())
        {
            errors["expiresAt"] = ["Must be in the future."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        if (!Identifiers.IsSaleId(saleId) || await sales.Sku(saleId).GetSnapshot() is null)
        {
            return Problems.NoSuchSale(saleId);
        }

        var codes = await issuer.IssueAsync(saleId, count!.Value, request.OwnerIds, request.ExpiresAt, Identifiers.ShopperId(user)!, cancellationToken);
        return TypedResults.Created($"/api/v1/fcodes?saleId={saleId}", new IssueFcodesResponse(
            saleId, codes.Count, [.. codes.Select(c => new IssuedFcode(FcodeFormat.Display(c.Code), c.OwnerId, c.ExpiresAt))]));
    }

    private static async Task<Results<Ok<FcodeResponse>, ProblemHttpResult>> GetAsync(
        string code, ClaimsPrincipal user, HttpResponse response, FcodeInput input, FcodeLocator locator, FcodeRegistry registry, FcodeStore live,
        CancellationToken cancellationToken)
    {
        var (normalized, problem) = await input.ParseAsync(code, user, response);
        if (problem is not null)
        {
            return problem;
        }
        var saleId = await locator.FindSaleAsync(normalized!, cancellationToken);
        var state = saleId is null ? null : await live.GetAsync(saleId, normalized!);
        // Anyone but the owner and ops is told the code does not exist: lookups must not confirm guesses.
        if (state is null || (!Identifiers.IsOps(user) && state.OwnerId != Identifiers.ShopperId(user)))
        {
            await input.MissedAsync(user);
            return FcodeNotFound();
        }
        var history = await registry.HistoryAsync(state.Code, cancellationToken);
        return TypedResults.Ok(new FcodeResponse(FcodeFormat.Display(state.Code), state.SaleId, state.OwnerId, state.State, state.ExpiresAt, state.OrderId,
            [.. history.Select(h => new FcodeHistoryEntry(h.Kind, h.Actor, h.FromOwner, h.ToOwner, h.OrderId, h.At))]));
    }

    private static async Task<Results<Ok<FcodeResponse[]>, ValidationProblem, ProblemHttpResult>> ListAsync(
        HttpRequest request, ClaimsPrincipal user, FcodeRegistry registry, CancellationToken cancellationToken)
    {
        // Read as sent, not bound as one string: two owners (bound, "a,b") would name a shopper nobody asked for.
        var owners = request.Query["ownerId"];
        if (owners.Count > 1)
        {
            return Problems.Invalid("ownerId", "One owner at a time.");
        }
        var ownerId = owners.Count == 1 ? owners[0] : null;
        // PostgreSQL refuses a NUL in text; an owner no shopper id can be is a 400, never a failed query.
        if (ownerId is not null && !Identifiers.IsShopperId(ownerId))
        {
            return Problems.Invalid("ownerId", $"A shopper id of 1 to {Identifiers.MaxShopperIdLength} characters without control characters.");
        }
        var shopper = Identifiers.ShopperId(user);
        var owner = ownerId ?? (Identifiers.IsOps(user) ? null : shopper);
        if (owner is null)
        {
            return Problems.Invalid("ownerId", "Ops must say whose codes to list.");
        }
        if (owner != shopper && !Identifiers.IsOps(user))
        {
            return Problems.Of(StatusCodes.Status403Forbidden, Problems.Forbidden, "Shoppers may list only their own F-codes.");
        }
        var records = await registry.ListByOwnerAsync(owner, cancellationToken);
        return TypedResults.Ok(records.Select(r => new FcodeResponse(FcodeFormat.Display(r.Code), r.SaleId, r.OwnerId, r.State, r.ExpiresAt, r.OrderId)).ToArray());
    }

    private static async Task<Results<Ok<FcodeResponse>, ValidationProblem, ProblemHttpResult>> TransferAsync(
        string code, TransferFcodeRequest? body, ClaimsPrincipal user, HttpResponse response, FcodeInput input, FcodeLocator locator, FcodeStore live, CancellationToken cancellationToken)
    {
        var request = body!; // WithRequiredBody answered a request without one
        if (!Identifiers.IsShopperId(request.ToShopperId))
        {
            return Problems.Invalid("toShopperId", $"Required: a shopper id of 1 to {Identifiers.MaxShopperIdLength} characters without control characters.");
        }
        var actor = Identifiers.ShopperId(user)!;
        var requiredOwner = Identifiers.IsOps(user) ? null : actor;
        return await ChangeAsync(code, user, response, input, locator, live, c => FcodeChange.Transfer(c, requiredOwner, actor, request.ToShopperId!), cancellationToken);
    }

    private static async Task<Results<Ok<FcodeResponse>, ValidationProblem, ProblemHttpResult>> RevokeAsync(
        string code, ClaimsPrincipal user, HttpResponse response, FcodeInput input, FcodeLocator locator, FcodeStore live, CancellationToken cancellationToken) =>
        await ChangeAsync(code, user, response, input, locator, live, c => FcodeChange.Revoke(c, Identifiers.ShopperId(user)!), cancellationToken);

    private static async Task<Results<Ok<FcodeResponse>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        string code, ClaimsPrincipal user, HttpResponse response, FcodeInput input, FcodeLocator locator, FcodeStore live,
        Func<string, FcodeChange> change, CancellationToken cancellationToken)
    {
        var (normalized, problem) = await input.ParseAsync(code, user, response);
        if (problem is not null)
        {
            return problem;
        }
        if (await locator.FindSaleAsync(normalized!, cancellationToken) is not { } saleId)
        {
            await input.MissedAsync(user);
            return FcodeNotFound();
        }
        var (outcome, _) = await live.ChangeAsync(saleId, change(normalized!));
        if (outcome != FcodeChangeOutcome.Changed)
        {
            return outcome switch
            {
                FcodeChangeOutcome.NotOwner => Problems.Of(StatusCodes.Status403Forbidden, Problems.FcodeNotOwner, "Only the F-code's current owner, or ops, may do that."),
                FcodeChangeOutcome.Used => Problems.Of(StatusCodes.Status409Conflict, Problems.FcodeUsed, "The F-code has been redeemed."),
                FcodeChangeOutcome.Revoked => Problems.Of(StatusCodes.Status409Conflict, Problems.FcodeRevoked, "The F-code has been revoked."),
                FcodeChangeOutcome.Expired => Problems.Of(StatusCodes.Status409Conflict, Problems.FcodeExpired, "The F-code has expired."),
                _ => FcodeNotFound(),
            };
        }
        var state = (await live.GetAsync(saleId, normalized!))!;
        return TypedResults.Ok(new FcodeResponse(FcodeFormat.Display(state.Code), state.SaleId, state.OwnerId, state.State, state.ExpiresAt, state.OrderId));
    }

    private static async Task<Results<Ok<ReleaseFcodeStockResponse>, ProblemHttpResult>> ReleaseAsync(string saleId, SaleGrains sales)
    {
        // The id is checked before a grain reference is made of it: Orleans refuses a blank key by throwing.
        var grain = Identifiers.IsSaleId(saleId) ? sales.Sku(saleId) : null;
        if (grain is null || await grain.ReleaseFcodeStock() is not { } moved)
        {
            return Problems.NoSuchSale(saleId);
        }
        return TypedResults.Ok(new ReleaseFcodeStockResponse(saleId, moved, SaleResponse.From((await grain.GetSnapshot())!)));
    }

    /// <summary>What reading a typed code can answer (<see cref="FcodeInput"/>).</summary>
    private static RouteHandlerBuilder RefusesFcodeInput(this RouteHandlerBuilder builder) => builder
        .Refuses(StatusCodes.Status400BadRequest, Problems.FcodeInvalid)
        .Refuses(StatusCodes.Status429TooManyRequests, Problems.TooManyAttempts)
        .WithResponseHeader(StatusCodes.Status429TooManyRequests, HeaderNames.RetryAfter, "Seconds until F-codes may be tried again.");

    private static RouteHandlerBuilder RefusesFcodeChange(this RouteHandlerBuilder builder) => builder
        .RefusesFcodeInput()
        .Refuses(StatusCodes.Status403Forbidden, Problems.FcodeNotOwner)
        .Refuses(StatusCodes.Status404NotFound, Problems.FcodeNotFound)
        .Refuses(StatusCodes.Status409Conflict, Problems.FcodeUsed, Problems.FcodeRevoked, Problems.FcodeExpired);

    private static ProblemHttpResult FcodeNotFound() =>
        Problems.Of(StatusCodes.Status404NotFound, Problems.FcodeNotFound, "No such F-code.", "No F-code of yours has that value.");
}
