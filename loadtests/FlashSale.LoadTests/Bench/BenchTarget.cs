namespace FlashSale.LoadTests.Bench;

/// <summary>One design under the same generator: its name and how a run of purchases is asked of it.</summary>
/// <param name="StartRun">
/// Prepares one run (the engine opens a fresh sale, so that each run's shoppers are new to it) and returns how its
/// requests are sent.
/// </param>
public sealed record BenchTarget(string Name, Func<Task<BenchRun>> StartRun)
{
    /// <summary>A target whose runs need no preparation.</summary>
    public static BenchTarget Stateless(string name, Func<long, Task<string>> purchase) => new(name, () => Task.FromResult(new BenchRun(purchase)));
}

/// <summary>One run of a target.</summary>
/// <param name="Purchase">Sends request n of the run and returns its outcome label (<c>201</c>, <c>sold_out</c>, …).</param>
/// <param name="Drain">
/// For a target that stores its sales after answering (the engine): waits until they are stored and returns how long
/// that took after the run ended.
/// </param>
public sealed record BenchRun(Func<long, Task<string>> Purchase, Func<CancellationToken, Task<TimeSpan>>? Drain = null);

/// <summary>A target's figures in one round: requests answered per second, and how many of them sold a unit.</summary>
/// <param name="Drained">How long after the run its sales were all stored, for a target that stores them after answering.</param>
public sealed record BenchResult(
    string Target, long Requests, double PerSecond, double SalesPerSecond, TimeSpan P50, TimeSpan P99, IReadOnlyDictionary<string, long> Outcomes,
    TimeSpan? Drained = null);

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
    BenchOptions Options, IReadOnlyList<BenchRound> Rounds, long? EnginePeakBytes, long? BaselinePeakBytes, (double Before, double After) MachineSpeed,
    string? EngineBuild = null);
