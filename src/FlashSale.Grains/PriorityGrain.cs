using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Sales;
using FlashSale.Grains.WaitingRooms;
using FlashSale.Stock;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace FlashSale.Grains;

/// <summary>
/// Redeems F-codes for one sale, apart from the general crowd's grain. It holds no state but its batcher: Redis
/// checks each code, its owner and the F-code allocation in one script. Reentrant so redemptions overlap and share
/// scripts, like purchases: a launch's holders all redeem in its first seconds, when the box has no CPU to spare.
/// </summary>
[Reentrant]
public sealed class PriorityGrain(StockStore stock, IOptions<WaitingRoomOptions> options) : Grain, IPriorityGrain
{
    private ScriptBatcher<FcodeRedemption, PurchaseResult> _redemptions = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var saleId = this.GetPrimaryKeyString();
        _redemptions = new("fcode_purchase.lua", batch => stock.RedeemFcodesAsync(saleId, batch), options.Value.MaxPurchasesPerScript, options.Value.PurchaseScriptsInFlight);
        return Task.CompletedTask;
    }

    public Task<PurchaseResult> Redeem(FcodeRedemption redemption) => _redemptions.SendAsync(redemption);
}
