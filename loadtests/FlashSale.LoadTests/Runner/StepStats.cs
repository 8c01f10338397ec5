using System.Collections.Concurrent;
using HdrHistogram;

namespace FlashSale.LoadTests.Runner;

/// <summary>Latencies (HdrHistogram, microseconds) and outcomes of one step, overall and per second of the run.</summary>
public sealed class StepStats(string scenario, string step)
{
    private const long HighestMicroseconds = 10L * 60 * 1_000_000;
    private readonly LongHistogram _latency = new(HighestMicroseconds, 3);
    private readonly ConcurrentDictionary<string, long> _outcomes = new();
    private readonly ConcurrentDictionary<(int Second, string Outcome), long> _timeline = new();
    private readonly ConcurrentDictionary<int, LongHistogram> _latencyPerSecond = new();

    public string Scenario { get; } = scenario;

    public string Step { get; } = step;

    public void Record(TimeSpan latency, string outcome, TimeSpan atOffset)
    {
        var micros = Math.Clamp((long)latency.TotalMicroseconds, 1, HighestMicroseconds);
        var second = _latencyPerSecond.GetOrAdd((int)atOffset.TotalSeconds, _ => new LongHistogram(HighestMicroseconds, 2));
        lock (_latency)
        {
            _latency.RecordValue(micros);
            second.RecordValue(micros);
        }
        _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        _timeline.AddOrUpdate(((int)atOffset.TotalSeconds, outcome), 1, (_, n) => n + 1);
    }

    /// <summary>What the step did in one second of the run (answers that arrived in it).</summary>
    public SecondStats SecondOf(int second)
    {
        var outcomes = _timeline.Where(t => t.Key.Second == second).ToDictionary(t => t.Key.Outcome, t => t.Value, StringComparer.Ordinal);
        lock (_latency)
        {
            var latency = _latencyPerSecond.GetValueOrDefault(second);
            return latency is null || latency.TotalCount == 0
                ? new SecondStats(second, 0, outcomes, TimeSpan.Zero, TimeSpan.Zero)
                : new SecondStats(second, latency.TotalCount, outcomes,
                    TimeSpan.FromMicroseconds(latency.GetValueAtPercentile(50)), TimeSpan.FromMicroseconds(latency.GetValueAtPercentile(99)));
        }
    }

    public StepReport Report(TimeSpan duration)
    {
        var seconds = _latencyPerSecond.Keys.Order().Select(SecondOf).ToArray();
        lock (_latency)
        {
            var count = _latency.TotalCount;
            // HdrHistogram has no percentiles of nothing: a step no copy reached reports zeros.
            TimeSpan At(double percentile) => count == 0 ? TimeSpan.Zero : TimeSpan.FromMicroseconds(_latency.GetValueAtPercentile(percentile));
            return new StepReport(Scenario, Step, count, count / Math.Max(duration.TotalSeconds, 0.001),
                At(50), At(90), At(99), count == 0 ? TimeSpan.Zero : TimeSpan.FromMicroseconds(_latency.GetMaxValue()),
                new SortedDictionary<string, long>(_outcomes, StringComparer.Ordinal),
                [.. _timeline.OrderBy(t => t.Key.Second).ThenBy(t => t.Key.Outcome, StringComparer.Ordinal).Select(t => (t.Key.Second, t.Key.Outcome, t.Value))],
                seconds);
        }
    }
}

public sealed record StepReport(
    string Scenario,
    string Step,
    long Count,
    double PerSecond,
    TimeSpan P50,
    TimeSpan P90,
    TimeSpan P99,
    TimeSpan Max,
    IReadOnlyDictionary<string, long> Outcomes,
    IReadOnlyList<(int Second, string Outcome, long Count)> Timeline,
    IReadOnlyList<SecondStats> Seconds);

/// <summary>One second of one step: answers that arrived in it, their outcomes and latency percentiles.</summary>
public sealed record SecondStats(int Second, long Count, IReadOnlyDictionary<string, long> Outcomes, TimeSpan P50, TimeSpan P99);
