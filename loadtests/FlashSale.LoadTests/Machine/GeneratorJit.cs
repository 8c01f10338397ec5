namespace FlashSale.LoadTests.Machine;

/// <summary>Methods the generator's JIT compiled during a run, and the CPU time it took on all threads.</summary>
public sealed record JitWork(long Methods, TimeSpan Time);

/// <summary>
/// The generator's own JIT during a run. Its code runs for the first time at a launch's open, and compiling it
/// takes the cores the engine needs just then: wrk, written in C, never does. The report says how much it took.
/// </summary>
public sealed class GeneratorJit
{
    private readonly long _methods = System.Runtime.JitInfo.GetCompiledMethodCount();
    private readonly TimeSpan _time = System.Runtime.JitInfo.GetCompilationTime();

    private GeneratorJit()
    {
    }

    public static GeneratorJit Start() => new();

    public JitWork Stop() => new(System.Runtime.JitInfo.GetCompiledMethodCount() - _methods, System.Runtime.JitInfo.GetCompilationTime() - _time);
}
