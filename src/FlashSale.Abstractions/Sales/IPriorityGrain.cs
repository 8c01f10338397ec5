using FlashSale.Abstractions.Purchases;

namespace FlashSale.Abstractions.Sales;

/// <summary>
/// F-code holders' way in, keyed by sale id: separate from <see cref="ISkuGrain"/> so that no queue, limit
/// or backlog of the general crowd ever stands in front of a redemption.
/// </summary>
public interface IPriorityGrain : IGrainWithStringKey
{
    Task<PurchaseResult> Redeem(FcodeRedemption redemption);
}
