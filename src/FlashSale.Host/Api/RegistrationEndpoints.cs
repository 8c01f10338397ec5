using System.Security.Claims;
using FlashSale.Host.Api.Documentation;
using FlashSale.Host.Hosting;
using FlashSale.Stock;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlashSale.Host.Api;

public sealed record RegistrationResponse(string SaleId, string ShopperId);

public static class RegistrationEndpoints
{
    public static IEndpointRouteBuilder MapRegistrationEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/sales/{saleId}/registrations", RegisterAsync).RequireAuthorization(AuthHostingExtensions.ShopperPolicy)
            .WithName("Register").WithTags("Sales").WithSummary("Register for a sale before it opens (201 the first time, 200 after)")
            .Refuses(StatusCodes.Status404NotFound, Problems.SaleNotFound)
            .Refuses(StatusCodes.Status409Conflict, Problems.RegistrationNotRequired, Problems.RegistrationClosed);
        return api;
    }

    /// <summary>
    /// 201 the first time, 200 after: registering twice is harmless. One Redis script, straight from the
    /// endpoint: registration touches no stock, so it does not need the sale's grain, and millions of
    /// shoppers registering over the days before a launch never queue behind one activation.
    /// </summary>
    private static async Task<Results<Created<RegistrationResponse>, Ok<RegistrationResponse>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        string saleId, ClaimsPrincipal user, StockStore stock)
    {
        if (Identifiers.ShopperId(user) is not { } shopperId)
        {
            return Problems.Invalid("sub", $"The token's subject must be 1 to {Identifiers.MaxShopperIdLength} characters without control characters.");
        }
        if (!Identifiers.IsSaleId(saleId))
        {
            return Problems.NoSuchSale(saleId);
        }
        var registration = new RegistrationResponse(saleId, shopperId);
        return await stock.RegisterAsync(saleId, shopperId) switch
        {
            RegistrationOutcome.Registered => TypedResults.Created($"/api/v1/sales/{saleId}", registration),
            RegistrationOutcome.AlreadyRegistered => TypedResults.Ok(registration),
            RegistrationOutcome.NotRequired => Problems.Of(StatusCodes.Status409Conflict, Problems.RegistrationNotRequired, "This sale is open to everyone; there is nothing to register for."),
            RegistrationOutcome.Closed => Problems.Of(StatusCodes.Status409Conflict, Problems.RegistrationClosed, "Registration closed when the sale opened."),
            _ => Problems.NoSuchSale(saleId),
        };
    }
}
