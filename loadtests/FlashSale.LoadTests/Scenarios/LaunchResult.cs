using FlashSale.LoadTests.Machine;
using FlashSale.LoadTests.Runner;

namespace FlashSale.LoadTests.Scenarios;

/// <param name="LastUnitSoldAfter">From the sale's opening to the last unit confirmed, by the engine's clock (the last order's confirmed_at).</param>
/// <param name="Notes">What the scenario observed beyond the invariants (for example, how bots fared against humans).</param>
/// <param name="Timeline">What the engine reported each second of the run, for the charts.</param>
/// <param name="Arrivals">Arrivals scheduled in each second of the run (the offered load).</param>
/// <param name="Cpu">CPU each part of the system used during the replay (they share the machine).</param>
/// <param name="EngineBuild">The engine's build, as its <c>/health</c> named it before the run.</param>
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
    IReadOnlyList<CpuUse>? Cpu = null,
    string? EngineBuild = null)
{
    public bool Passed => Invariants.All(i => i.Holds);

    /// <summary>Cores each part kept busy, second by second, from the timeline's CPU readings.</summary>
    public IReadOnlyList<CpuSecond> CpuPerSecond => CpuSecond.Between([.. (Timeline ?? []).Where(s => s.Cpu is not null).Select(s => (s.Second, s.Cpu!.Value, s.UnitsSold))]);

    /// <summary>The last second of the run that began with units left to sell (general pool or F-code allocation), or -1.</summary>
    public int LastSellingSecond => (Timeline ?? []).Where(s => s.Remaining > 0 || s.FcodeRemaining > 0).Select(s => (int)s.Second).DefaultIfEmpty(-1).Max();
}

/// <summary>
/// The sale as the engine showed it at one moment of the run, the generator's own count of shoppers waiting on
/// tickets, and the CPU used so far (null where it cannot be read).
/// </summary>
public sealed record EngineSample(double Second, int Remaining, int Sold, int FcodeRemaining, long TicketsWaiting, CpuReading? Cpu = null)
{
    /// <summary>
    /// Rises by one for every unit sold from either pool (<see cref="Sold"/> counts the general pool; F-code units are
    /// counted down from their allocation), so its difference between two samples is the units sold between them.
    /// </summary>
    public long UnitsSold => Sold - (long)FcodeRemaining;
}
