namespace FlashSale.LoadTests.Machine;

/// <summary>How often, and for how long, the generator's own garbage collector stopped it.</summary>
public sealed record GcPauses(int Collections, TimeSpan Total);

/// <summary>
/// The generator's collections during a run. While one pauses the generator, no answer is read and no request is
/// sent, so the engine idles and the crowd's latencies grow by the pause: a report that blames the engine for the
/// generator's stalls would be wrong, so it says how long they were.
/// </summary>
public sealed class GeneratorPauses
{
    private readonly int _collections = GC.CollectionCount(0);
    private readonly TimeSpan _paused = GC.GetTotalPauseDuration();

    private GeneratorPauses()
    {
    }

    public static GeneratorPauses Start() => new();

    /// <summary>Every collection counts gen0, whatever generations it also collected.</summary>
    public GcPauses Stop() => new(GC.CollectionCount(0) - _collections, GC.GetTotalPauseDuration() - _paused);
}
