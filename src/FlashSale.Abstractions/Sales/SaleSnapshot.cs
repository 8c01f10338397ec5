namespace FlashSale.Abstractions.Sales;

/// <summary>A sale as Redis sees it at one instant (Redis's clock decides <see cref="State"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record SaleSnapshot(SaleDefinition Definition, int Remaining, int FcodeRemaining, long Registrations, SaleState State)
{
    public int Sold => Definition.Stock - Remaining;
}
