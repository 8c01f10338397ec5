using FlashSale.Abstractions.Sales;
using FlashSale.Host.Api.Documentation;
using FlashSale.Host.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlashSale.Host.Api;

public static class SaleEndpoints
{
    private const string Tag = "Sales";

    public static IEndpointRouteBuilder MapSaleEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/sales", CreateAsync).RequireAuthorization(AuthHostingExtensions.OpsPolicy)
            .WithRequiredBody<CreateSaleRequest>()
            .WithName("CreateSale").WithTags(Tag).WithSummary("Create a sale (ops)")
            .WithDescription("One session (stock, startsAt, endsAt) or several (sessions). Optional: fcodeStock (units set aside for F-code holders), paymentWindowSeconds (0: orders are confirmed at once; otherwise held until paid), requiresRegistration, admissionWindowMs (a waiting room that draws the order of the first arrivals).");
        api.MapGet("/sales/{saleId}", GetAsync).AllowAnonymous()
            .WithName("GetSale").WithTags(Tag).WithSummary("A sale and its stock")
            .Refuses(StatusCodes.Status404NotFound, Problems.SaleNotFound);
        return api;
    }

    private static async Task<Results<Created<SaleResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateSaleRequest? body, SaleGrains sales, TimeProvider clock)
    {
        var request = body!; // WithRequiredBody answered a request without one
        var errors = CreateSaleValidator.Validate(request, clock.GetUtcNow(), out var sale);
        if (sale is null)
        {
            return Problems.Invalid(errors);
        }
        var grain = sales.Sku(sale.SaleId);
        await grain.Create(sale);
        var snapshot = await grain.GetSnapshot()
            ?? throw new InvalidOperationException($"Sale {sale.SaleId} vanished right after it was created.");
        return TypedResults.Created($"/api/v1/sales/{sale.SaleId}", SaleResponse.From(snapshot));
    }

    private static async Task<Results<Ok<SaleResponse>, ProblemHttpResult>> GetAsync(string saleId, SaleGrains sales)
    {
        var snapshot = Identifiers.IsSaleId(saleId) ? await sales.Sku(saleId).GetSnapshot() : null;
        return snapshot is null
            ? Problems.NoSuchSale(saleId)
            : TypedResults.Ok(SaleResponse.From(snapshot));
    }
}
