using System.Diagnostics;

namespace FlashSale.LoadTests.Runner;

/// <summary>
/// Runs scenarios side by side. Open-model copies start on their schedule whether or not earlier ones have
/// finished, and a step's latency is measured from when its copy was meant to start, so a stalled server
/// shows as latency instead of silently slowing the arrivals (coordinated omission).
/// </summary>
public static class ScenarioRunner
{
    /// <summary>
    /// The generator's own capacity: how many open-model copies may be in progress at once, across scenarios.
    /// Well above the HTTP client's connections, so a copy waiting on a ticket does not hold up the next arrival.
    /// </summary>
    public const int DefaultMaxCopiesInProgress = 4_096;

    /// <param name="observe">Given every step's live statistics as the run starts (for progress reports).</param>
    /// <param name="maxCopiesInProgress">
    /// Arrivals beyond this wait as timestamps in the schedule, not as started requests: a million shoppers
    /// queued as a million pending HTTP requests cost the generator the CPU and memory that the server under test
    /// needs. They start in schedule order as copies finish, and their latency still counts from their schedule.
    /// </param>
    public static async Task<IReadOnlyList<StepReport>> RunAsync(
        IReadOnlyList<Scenario> scenarios, CancellationToken cancellationToken, Action<IReadOnlyList<StepStats>>? observe = null,
        int maxCopiesInProgress = DefaultMaxCopiesInProgress)
    {
        var clock = Stopwatch.StartNew();
        var stats = scenarios.ToDictionary(s => s, s => s.Steps.Select(step => new StepStats(s.Name, step.Name)).ToArray());
        observe?.Invoke([.. stats.Values.SelectMany(s => s)]);
        using var lanes = new SemaphoreSlim(maxCopiesInProgress);
        await Task.WhenAll(scenarios.Select(s => RunScenarioAsync(s, stats[s], lanes, clock, cancellationToken)));
        var duration = clock.Elapsed;
        return [.. stats.Values.SelectMany(s => s).Select(s => s.Report(duration))];
    }

    private static async Task RunScenarioAsync(Scenario scenario, StepStats[] stats, SemaphoreSlim lanes, Stopwatch clock, CancellationToken cancellationToken)
    {
        long copies = 0;
        var open = new CopiesInProgress();
        foreach (var intended in ArrivalSchedule.For(scenario.Simulations))
        {
            var wait = intended - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }
            // SemaphoreSlim serves its waiters first come, first served, so late arrivals keep their order.
            await lanes.WaitAsync(cancellationToken);
            var copy = copies++;
            open.Started();
            // On the thread pool, so a step's synchronous start never holds up the arrivals behind it.
            _ = Task.Run(async () =>
            {
                try
                {
                    await RunCopyAsync(scenario, stats, copy, intended, clock, cancellationToken);
                }
                finally
                {
                    lanes.Release();
                    open.Finished();
                }
            }, CancellationToken.None);
        }
        var running = new List<Task> { open.AllFinishedAsync() };
        var start = TimeSpan.Zero;
        foreach (var simulation in scenario.Simulations)
        {
            if (simulation is KeepConstant constant)
            {
                var end = start + constant.During;
                var first = copies;
                copies += constant.Copies;
                running.AddRange(Enumerable.Range(0, constant.Copies).Select(i => KeepRunningAsync(scenario, stats, first + i, start, end, clock, cancellationToken)));
            }
            start += simulation.During;
        }
        await Task.WhenAll(running);
    }

    private static async Task KeepRunningAsync(Scenario scenario, StepStats[] stats, long copy, TimeSpan from, TimeSpan until, Stopwatch clock, CancellationToken cancellationToken)
    {
        if (from > clock.Elapsed)
        {
            await Task.Delay(from - clock.Elapsed, cancellationToken);
        }
        while (clock.Elapsed < until && !cancellationToken.IsCancellationRequested)
        {
            await RunCopyAsync(scenario, stats, copy, clock.Elapsed, clock, cancellationToken);
        }
    }

    private static async Task RunCopyAsync(Scenario scenario, StepStats[] stats, long copy, TimeSpan intended, Stopwatch clock, CancellationToken cancellationToken)
    {
        var context = new StepContext(copy, intended, cancellationToken);
        var startedAt = intended;
        for (var i = 0; i < scenario.Steps.Count; i++)
        {
            StepResult result;
            try
            {
                result = await scenario.Steps[i].Run(context);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                result = StepResult.Failure($"error: {e.GetType().Name}");
            }
            var now = clock.Elapsed;
            stats[i].Record(now - startedAt, result.Outcome, now);
            if (!result.Ok)
            {
                return;
            }
            startedAt = now;
        }
    }
}
