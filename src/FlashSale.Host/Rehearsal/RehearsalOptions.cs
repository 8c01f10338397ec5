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
    /// The rehearsal runs this many times, each round on a sale of its own. A method needs calls at each tier (quick JIT,
    /// then dynamic PGO's instrumented tier, then the optimized one) before it moves on, and one round left much of the
    /// F-code path and the relay's per-message code short of the last: a 300,000-shopper launch then compiled 440–490
    /// methods in its first four seconds, against 160–190 after four rounds (docs/PERFORMANCE.md).
    /// </summary>
    public int Rounds { get; set; } = 4;

    /// <summary>A rehearsal whose rounds take longer in all is abandoned (and logged): the host reports ready without it.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}
