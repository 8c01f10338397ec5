using System.Diagnostics;
using FlashSale.LoadTests.Machine;
using FlashSale.LoadTests.Runner;

namespace FlashSale.LoadTests.Scenarios;

/// <summary>One second of a run as the terminal shows it live.</summary>
/// <param name="Cores">Cores the machine and each part kept busy in that second, where /proc could be read.</param>
public sealed record RunProgress(int Second, long Requests, IReadOnlyDictionary<string, long> Outcomes, TimeSpan P99, EngineSample Engine, CpuSecond? Cores);

/// <summary>
/// Once a second during a run: reads the sale from the engine (stock left, sold), the CPU used so far, and the
/// generator's own figures for the second just ended (requests, outcomes, p99), for the live progress line and the charts.
/// </summary>
public sealed class EngineSampler : IDisposable
{
    private readonly EngineClient _engine;
    private readonly string _saleId;
    private readonly Tracker _tracker;
    private readonly IProgress<RunProgress>? _progress;
    private readonly CancellationTokenSource _stop;
    private readonly List<EngineSample> _samples = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly int? _enginePid = PeakMemory.FindEngine();
    private IReadOnlyList<StepStats> _stats = [];
    private Task _loop = Task.CompletedTask;

    private EngineSampler(EngineClient engine, string saleId, Tracker tracker, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        (_engine, _saleId, _tracker, _progress) = (engine, saleId, tracker, progress);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    public static EngineSampler Start(EngineClient engine, string saleId, Tracker tracker, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var sampler = new EngineSampler(engine, saleId, tracker, progress, cancellationToken);
        sampler._loop = sampler.RunAsync();
        return sampler;
    }

    /// <summary>Handed to the runner: the live statistics of every step.</summary>
    public void Observe(IReadOnlyList<StepStats> stats) => _stats = stats;

    /// <summary>Stops sampling, with one last sample: the charts end where the run ended.</summary>
    public async Task<IReadOnlyList<EngineSample>> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _samples.Add(await SampleAsync());
        return _samples;
    }

    public void Dispose() => _stop.Dispose();

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            _samples.Add(await SampleAsync()); // the stock as the run starts: a fast sale may be over by the first tick
            for (var second = 0; await timer.WaitForNextTickAsync(_stop.Token); second++)
            {
                var sample = await SampleAsync();
                _samples.Add(sample);
                Report(second, _samples[^2], sample);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task<EngineSample> SampleAsync()
    {
        var sale = await _engine.GetSaleAsync(_saleId);
        return new EngineSample(_clock.Elapsed.TotalSeconds, sale.GetProperty("remaining").GetInt32(), sale.GetProperty("sold").GetInt32(),
            sale.GetProperty("fcodeRemaining").GetInt32(), _tracker.TicketsWaiting, CpuReading.Take(_enginePid));
    }

    /// <summary>Reports the second just ended: the runner files answers by the whole second they arrived in.</summary>
    private void Report(int second, EngineSample previous, EngineSample sample)
    {
        var cores = previous.Cpu is { } from && sample.Cpu is { } to ? CpuSecond.Between([(previous.Second, from, previous.UnitsSold), (sample.Second, to, sample.UnitsSold)]).SingleOrDefault() : null;
        var seconds = _stats.Select(s => s.SecondOf(second)).ToArray();
        var outcomes = seconds.SelectMany(s => s.Outcomes).GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.Sum(x => x.Value));
        _progress?.Report(new RunProgress(second, seconds.Sum(s => s.Count), outcomes, seconds.Select(s => s.P99).DefaultIfEmpty().Max(), sample, cores));
    }
}
