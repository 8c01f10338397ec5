using FlashSale.Abstractions.Purchases;

namespace FlashSale.Abstractions.Sales;

/// <summary>
/// Fronts the stock of the one SKU a sale sells; keyed by sale id. Redis holds the truth;
/// the grain only remembers what lets it answer without asking (for example that the sale is sold out).
/// </summary>
public interface ISkuGrain : IGrainWithStringKey
{
    /// <returns>false when a sale with this id already exists.</returns>
    Task<bool> Create(SaleDefinition definition);

    Task<SaleSnapshot?> GetSnapshot();

    Task<PurchaseResult> Purchase(PurchaseRequest request);

    /// <summary>Moves the F-code allocation not redeemed into the general pool.</summary>
    /// <returns>Units moved, or null for an unknown sale.</returns>
    Task<int?> ReleaseFcodeStock();
}
