using System.Runtime;

namespace FlashSale.LoadTests.Machine;

/// <summary>How often, and for how long, the generator's own garbage collector stopped it.</summary>
public sealed record GcPauses(int Collections, TimeSpan Total);

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
public sealed class GeneratorRuntime
{
    private readonly GcPauses _pauses = Pauses();
    private readonly JitWork _jit = Jit();

    private GeneratorRuntime()
    {
    }

    public static GeneratorRuntime Start() => new();

    /// <summary>Every collection counts gen0, whatever generations it also collected.</summary>
    public RuntimeWork Stop()
    {
        var (pauses, jit) = (Pauses(), Jit());
        return new(new(pauses.Collections - _pauses.Collections, pauses.Total - _pauses.Total), new(jit.Methods - _jit.Methods, jit.Time - _jit.Time));
    }

    private static GcPauses Pauses() => new(GC.CollectionCount(0), GC.GetTotalPauseDuration());

    private static JitWork Jit() => new(JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime());
}
