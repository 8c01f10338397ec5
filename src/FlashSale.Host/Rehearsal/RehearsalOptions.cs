using FlashSale.Outbox;

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
    /// The shoppers and holders come in this many waves, <see cref="PauseBetweenWaves"/> apart. A method is compiled again
    /// in the background after 30 calls, and under dynamic PGO twice (instrumented, then optimized), so it needs about 60
    /// calls in all. A purchase's own code gets them from the shoppers, but fulfillment's (the relay's publish, RabbitMQ,
    /// MassTransit's consume, the Npgsql insert) runs once per relay pass, whatever the pass carries: it counts waves,
    /// not shoppers. With 6 waves that code was still being compiled in a launch's first five seconds, 3,200 methods and
    /// a quarter to a third of the engine's CPU; with 80, 230 methods (docs/PERFORMANCE.md).
    /// </summary>
    public int Waves { get; set; } = 80;

    /// <summary>
    /// Unset, one relay pass (<c>FlashSale:Outbox:BusyPassInterval</c>), so that each wave's orders leave in a message of
    /// their own: waves closer together share a pass, and the fulfillment path gets fewer calls. While the relay holds
    /// selling sales' orders it must also exceed <c>FlashSale:Outbox:SellingWithin</c> (50 ms) and
    /// <c>FlashSale:Outbox:IdleDelay</c> (20 ms) together, the quiet the relay confirms before it takes a sale's crowd to
    /// be gone, or it holds every wave's orders as a selling sale's until the last wave; a host configured so refuses to
    /// start.
    /// </summary>
    public TimeSpan? PauseBetweenWaves { get; set; }

    /// <summary>The pause between waves: <see cref="PauseBetweenWaves"/>, or one relay pass when it is unset.</summary>
    public TimeSpan PauseFor(OutboxRelayOptions relay) => PauseBetweenWaves ?? relay.BusyPassInterval;

    /// <summary>Whether the relay sees each wave's orders apart (<see cref="PauseBetweenWaves"/>); true too when it holds nothing, or there is no rehearsal.</summary>
    public bool WavesRelayedApart(OutboxRelayOptions relay) =>
        !Enabled || !relay.HoldsWhileSelling || PauseFor(relay) > relay.SellingWithin + relay.IdleDelay;

    /// <summary>Requests in flight at once, like a small crowd: enough that purchases share scripts as they do at a launch.</summary>
    public int Concurrency { get; set; } = 32;

    /// <summary>
    /// The rehearsal runs this many times, each round on a sale of its own. Rounds add calls to the purchase's code, which
    /// already has plenty, and fulfillment's gets them from waves rather than rounds: three rounds of 6 waves still kept
    /// the JIT busy through a launch's first seconds, and neither three nor four sold a launch out sooner than one
    /// (docs/PERFORMANCE.md), so one is the default.
    /// </summary>
    public int Rounds { get; set; } = 1;

    /// <summary>A rehearsal whose rounds take longer in all is abandoned (and logged): the host reports ready without it.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}
