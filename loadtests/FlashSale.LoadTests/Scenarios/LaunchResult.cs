using FlashSale.LoadTests.Machine;
using FlashSale.LoadTests.Runner;

namespace FlashSale.LoadTests.Scenarios;

/// <param name="LastUnitSoldAfter">From the sale's opening to the last unit confirmed, by the engine's clock (the last order's confirmed_at).</param>
/// <param name="Notes">What the scenario observed beyond the invariants (for example, how bots fared against humans).</param>
/// <param name="Timeline">What the engine reported each second of the run, for the charts.</param>
/// <param name="Arrivals">Arrivals scheduled in each second of the run (the offered load).</param>
/// <param name="Cpu">CPU each part of the system used during the replay (they share the machine).</param>
public sealed record LaunchResult(
    string Scenario,
    string SaleId,
    IReadOnlyList<StepReport> Steps,
    IReadOnlyList<Invariant> Invariants,
    TimeSpan? LastSaleToLastStoredOrder,
    TimeSpan? LastUnitSoldAfter = null,
    IReadOnlyList<string>? Notes = null,
    IReadOnlyList<EngineSample>? Timeline = null,
    IReadOnlyList<(int Second, long Count)>? Arrivals = null,
    IReadOnlyList<CpuUse>? Cpu = null)
{
    public bool Passed => Invariants.All(i => i.Holds);
}

/// <summary>The sale as the engine showed it at one moment of the run, and the generator's own count of shoppers waiting on tickets.</summary>
public sealed record EngineSample(double Second, int Remaining, int Sold, int FcodeRemaining, long TicketsWaiting);
