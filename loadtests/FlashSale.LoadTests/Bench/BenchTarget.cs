namespace FlashSale.LoadTests.Bench;

/// <summary>One design under the same generator: its name and how one purchase is asked of it.</summary>
/// <param name="Purchase">Sends request number n; returns the outcome label (<c>201</c>, <c>sold_out</c>, …).</param>
public sealed record BenchTarget(string Name, Func<long, Task<string>> Purchase);

/// <summary>A target's figures: requests answered per second, and how many of them sold a unit.</summary>
public sealed record BenchResult(string Target, long Requests, double PerSecond, double SalesPerSecond, TimeSpan P50, TimeSpan P99, IReadOnlyDictionary<string, long> Outcomes);

/// <summary>The whole bench: the four targets, the wrk cross-check and the peak memory of the servers.</summary>
/// <param name="WrkBarePerSecond">wrk's figure for the bare endpoint, null when wrk is not installed.</param>
/// <param name="WrkEnginePerSecond">wrk's figure for engine purchases by distinct shoppers.</param>
/// <param name="MachineSpeed"><see cref="Machine.MachineSpeed"/> before the first target and after the last, in rounds a second.</param>
public sealed record BenchReport(
    BenchOptions Options, IReadOnlyList<BenchResult> Results, double? WrkBarePerSecond, double? WrkEnginePerSecond, long? EnginePeakBytes, long? BaselinePeakBytes,
    (double Before, double After) MachineSpeed);
