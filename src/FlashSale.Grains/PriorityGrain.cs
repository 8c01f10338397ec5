using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Sales;
using FlashSale.Stock;
using Orleans.Concurrency;

namespace FlashSale.Grains;

/// <summary>
/// Redeems F-codes for one sale. It holds no state at all: Redis checks the code, its owner and the F-code
/// allocation in one script. Reentrant so redemptions overlap and pipeline, like purchases.
/// </summary>
[Reentrant]
public sealed class PriorityGrain(StockStore stock) : Grain, IPriorityGrain
{
    public Task<PurchaseResult> Redeem(FcodeRedemption redemption) => stock.RedeemFcodeAsync(this.GetPrimaryKeyString(), redemption);
}
