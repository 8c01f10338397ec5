using FlashSale.Abstractions.Purchases;

namespace FlashSale.Abstractions.Sales;

/// <summary>
/// Fronts the stock of the one SKU a sale sells; keyed by sale id. Redis holds the truth; the grain holds the
/// waiting room (the reservation queue) and remembers what lets it answer without asking (for example that
/// the sale is sold out).
/// </summary>
public interface ISkuGrain : IGrainWithStringKey
{
    /// <returns>false when a sale with this id already exists.</returns>
    Task<bool> Create(SaleDefinition definition);

    Task<SaleSnapshot?> GetSnapshot();

    /// <summary>Takes a unit now, or queues the shopper when the SKU is busy or the admission draw is pending.</summary>
    Task<PurchaseResult> Purchase(PurchaseRequest request);

    /// <returns>null for a ticket this grain does not know, or one of another shopper's.</returns>
    Task<TicketStatus?> GetTicket(string ticketId, string shopperId);

    /// <summary>
    /// Notes the answer to a redemption of the sale's priority grain, so that purchases this grain answers from
    /// memory know the keys that redeemed F-codes.
    /// </summary>
    Task SawFcodeOrder(FcodeRedemption redemption, PurchaseResult result);

    /// <summary>Pays for a held order: it becomes confirmed, unless its hold lapsed first.</summary>
    Task<PaymentResult> Pay(string orderId, string shopperId);

    /// <summary>Moves the F-code allocation not redeemed into the general pool.</summary>
    /// <returns>Units moved, or null for an unknown sale.</returns>
    Task<int?> ReleaseFcodeStock();
}
