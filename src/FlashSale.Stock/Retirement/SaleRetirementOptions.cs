namespace FlashSale.Stock.Retirement;

/// <summary>Bound from <c>FlashSale:Retirement</c>.</summary>
public sealed class SaleRetirementOptions
{
    public const string Section = "FlashSale:Retirement";

    /// <summary>
    /// How long a sale's crowd-sized keys stay in Redis after it settled (ended, and its payment window closed):
    /// until then a shopper's retried purchase still finds its first answer, and support can see who registered.
    /// </summary>
    public TimeSpan KeepSettledSalesFor { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often each host looks for sales to retire. Hosts may race for one; the loser finds it retired.</summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromMinutes(10);
}
