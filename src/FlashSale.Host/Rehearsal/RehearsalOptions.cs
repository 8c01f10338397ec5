namespace FlashSale.Host.Rehearsal;

/// <summary>Bound from <c>FlashSale:Rehearsal</c>: the launch a host rehearses against itself before it reports ready.</summary>
public sealed class RehearsalOptions
{
    public const string Section = "FlashSale:Rehearsal";

    public bool Enabled { get; set; } = true;

    /// <summary>General shoppers, each buying once. More than <see cref="Units"/>, so the sold-out answers are rehearsed too.</summary>
    public int Shoppers { get; set; } = 720;

    public int Units { get; set; } = 600;

    /// <summary>F-code holders, each redeeming their code once, beside the shoppers.</summary>
    public int FcodeHolders { get; set; } = 360;

    /// <summary>
    /// The shoppers and holders come in this many waves, <see cref="PauseBetweenWaves"/> apart: the runtime compiles a hot
    /// method again in the background (tiered compilation, then dynamic PGO's optimized tier), and only calls made
    /// after that finish promote it further.
    /// </summary>
    public int Waves { get; set; } = 6;

    public TimeSpan PauseBetweenWaves { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Requests in flight at once, like a small crowd: enough that purchases share scripts as they do at a launch.</summary>
    public int Concurrency { get; set; } = 32;

    /// <summary>
    /// The rehearsal runs this many times, each round on a sale of its own. A method moves up one tier at a time (quick
    /// JIT, dynamic PGO's instrumented tier, then the optimized one), each after enough calls at the tier below: after
    /// one round a 300,000-shopper launch compiled 440–490 methods in its first four seconds, after four 160–190. Yet
    /// four rounds sold the full launch out later in every run so far (docs/PERFORMANCE.md), so one is the default.
    /// </summary>
    public int Rounds { get; set; } = 1;

    /// <summary>A rehearsal whose rounds take longer in all is abandoned (and logged): the host reports ready without it.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}
