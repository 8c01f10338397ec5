namespace FlashSale.LoadTests.Bench;

/// <summary>One design under the same generator: its name and how a run of purchases is asked of it.</summary>
/// <param name="StartRun">
/// Prepares one run (the engine opens a fresh sale, so that each run's shoppers are new to it) and returns how
/// request n of that run is sent: its outcome label (<c>201</c>, <c>sold_out</c>, …).
/// </param>
public sealed record BenchTarget(string Name, Func<Task<Func<long, Task<string>>>> StartRun)
{
    /// <summary>A target whose runs need no preparation.</summary>
    public static BenchTarget Stateless(string name, Func<long, Task<string>> purchase) => new(name, () => Task.FromResult(purchase));
}

/// <summary>A target's figures in one round: requests answered per second, and how many of them sold a unit.</summary>
public sealed record BenchResult(string Target, long Requests, double PerSecond, double SalesPerSecond, TimeSpan P50, TimeSpan P99, IReadOnlyDictionary<string, long> Outcomes);

/// <summary>One round: every target once with the C# generator (bare Kestrel first, the engine last), then wrk.</summary>
/// <param name="WrkBarePerSecond">wrk's figure for the bare endpoint, null when wrk is not installed.</param>
/// <param name="WrkEnginePerSecond">wrk's figure for engine purchases by distinct shoppers.</param>
public sealed record BenchRound(IReadOnlyList<BenchResult> Results, double? WrkBarePerSecond, double? WrkEnginePerSecond)
{
    public BenchResult Bare => Results[0];

    public BenchResult Common => Results[1];

    public BenchResult Redis => Results[2];

    public BenchResult Engine => Results[^1];
}

/// <summary>The whole bench: its rounds and the peak memory of the servers.</summary>
/// <param name="MachineSpeed"><see cref="Machine.MachineSpeed"/> before the first round and after the last, in rounds a second.</param>
public sealed record BenchReport(
    BenchOptions Options, IReadOnlyList<BenchRound> Rounds, long? EnginePeakBytes, long? BaselinePeakBytes, (double Before, double After) MachineSpeed);
