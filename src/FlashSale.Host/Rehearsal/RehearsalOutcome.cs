namespace FlashSale.Host.Rehearsal;

/// <summary>What a start-up rehearsal did: its sale (forgotten since), the answers it got, and how long it took.</summary>
public sealed record RehearsalOutcome(string SaleId, int Sold, int SoldOut, int Redeemed, TimeSpan Took);
