using System.Runtime;

namespace FlashSale.LoadTests.Machine;

/// <summary>How often, and for how long, the generator's own garbage collector stopped it; each stop, as the runtime's events told it.</summary>
public sealed record GcPauses(int Collections, TimeSpan Total, IReadOnlyList<GcPause> Each)
{
    /// <summary>The longest stop that began in [<paramref name="from"/>, <paramref name="until"/>], if any.</summary>
    public GcPause? Longest(DateTime from, DateTime until) =>
        Each.Where(p => p.StartedAtUtc >= from && p.StartedAtUtc <= until).MaxBy(p => p.Duration);
}

/// <summary>Methods the generator's JIT compiled, and the CPU time it took on all threads.</summary>
public sealed record JitWork(long Methods, TimeSpan Time);

/// <summary>What the generator's own runtime took during a run.</summary>
public sealed record RuntimeWork(GcPauses Pauses, JitWork Jit);

/// <summary>
/// The generator's own garbage collector and JIT during a run. While a collection pauses the generator, no answer
/// is read and no request is sent, so the engine idles and the crowd's latencies grow by the pause; and the
/// generator's code runs for the first time at a launch's open, so compiling it takes the cores the engine needs
/// just then (wrk, written in C, does neither). A report that blamed the engine for either would be wrong, so it
/// says how much they took.
/// </summary>
public sealed class GeneratorRuntime : IDisposable
{
    /// <summary>How long <see cref="Stop"/> waits for the runtime's events of the collections it counted.</summary>
    private static readonly TimeSpan EventsLag = TimeSpan.FromSeconds(3);

    private readonly (int Collections, TimeSpan Total) _pauses = Pauses();
    private readonly JitWork _jit = Jit();
    private readonly GcPauseListener _listener = new();

    private GeneratorRuntime()
    {
    }

    public static GeneratorRuntime Start() => new();

    /// <summary>Every collection counts gen0, whatever generations it also collected.</summary>
    public RuntimeWork Stop()
    {
        var (pauses, jit) = (Pauses(), Jit());
        var collections = pauses.Collections - _pauses.Collections;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (_listener.Seen.Count < collections && waited.Elapsed < EventsLag)
        {
            Thread.Sleep(10);
        }
        return new(new(collections, pauses.Total - _pauses.Total, _listener.Seen), new(jit.Methods - _jit.Methods, jit.Time - _jit.Time));
    }

    public void Dispose() => _listener.Dispose();

    private static (int Collections, TimeSpan Total) Pauses() => (GC.CollectionCount(0), GC.GetTotalPauseDuration());

    private static JitWork Jit() => new(JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime());
}
