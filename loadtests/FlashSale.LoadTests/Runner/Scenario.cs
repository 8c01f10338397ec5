namespace FlashSale.LoadTests.Runner;

/// <summary>What one step of one scenario copy reports: an outcome label (e.g. <c>201</c>, <c>sold_out</c>) and whether the copy goes on.</summary>
public sealed record StepResult(string Outcome, bool Ok)
{
    public static StepResult Success(string outcome) => new(outcome, true);

    public static StepResult Failure(string outcome) => new(outcome, false);
}

/// <param name="Copy">The copy's number, 0 upwards, per scenario, in the order copies are admitted: scenarios use it to pick their shopper.</param>
/// <param name="Intended">When the copy was meant to start, on the run's clock; its first step's latency counts from here.</param>
public sealed record StepContext(long Copy, TimeSpan Intended, CancellationToken CancellationToken);

public sealed record ScenarioStep(string Name, Func<StepContext, Task<StepResult>> Run);

/// <summary>Steps run in order for each copy; a failed step ends that copy, as in NBomber.</summary>
public sealed record Scenario(string Name, IReadOnlyList<ScenarioStep> Steps, IReadOnlyList<LoadSimulation> Simulations);
