using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Sales;
using FlashSale.Grains.WaitingRooms;
using FlashSale.Stock;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace FlashSale.Grains;

/// <summary>
/// Redeems F-codes for one sale, apart from the general crowd's grain. It holds no state but its batcher: Redis
/// checks each code, its owner and the F-code allocation in one script. Reentrant so redemptions overlap and share
/// scripts, like purchases: a launch's holders all redeem in its first seconds, when the box has no CPU to spare.
/// </summary>
[Reentrant]
public sealed partial class PriorityGrain(StockStore stock, IOptions<WaitingRoomOptions> options, ILogger<PriorityGrain> logger) : Grain, IPriorityGrain
{
    private ScriptBatcher<FcodeRedemption, PurchaseResult> _redemptions = null!;

    private string SaleId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _redemptions = new("fcode_purchase.lua", (batch, traces) => stock.RedeemFcodesAsync(SaleId, batch, traces), options.Value.MaxPurchasesPerScript, options.Value.PurchaseScriptsInFlight);
        return Task.CompletedTask;
    }

    public async Task<PurchaseResult> Redeem(FcodeRedemption redemption)
    {
        var result = await _redemptions.SendAsync(redemption);
        if (result.Outcome == PurchaseOutcome.Purchased)
        {
            await TellSkuGrainAsync(redemption, result);
        }
        else if (result.Outcome == PurchaseOutcome.UnknownSale)
        {
            // As the SKU grain does: a sale that does not exist keeps no activation.
            this.DeactivateOnIdle();
        }
        return result;
    }

    /// <summary>
    /// The SKU grain answers some purchases from memory once its pool is empty, and must know this order's key to
    /// refuse a purchase reusing it. Told before the holder hears of the order, so no request of theirs can overtake
    /// it. The order stands whatever happens here: a failure only leaves such a purchase told sold out instead.
    /// </summary>
    private async Task TellSkuGrainAsync(FcodeRedemption redemption, PurchaseResult result)
    {
        try
        {
            await GrainFactory.GetGrain<ISkuGrain>(SaleId).SawFcodeOrder(redemption, result);
        }
        catch (Exception e)
        {
            LogSkuGrainNotTold(e, SaleId);
        }
    }

    [LoggerMessage(LogLevel.Warning, "The SKU grain of sale {SaleId} was not told of an F-code order; a purchase reusing its key may be told sold out")]
    private partial void LogSkuGrainNotTold(Exception exception, string saleId);
}
