using FlashSale.Stock;

namespace FlashSale.Outbox;

/// <summary>
/// What the relay reads of one sale's outbox, and when. Every read is a Redis round trip, and a relay watches
/// every live sale (sales last an hour or more, with sessions), so it asks only where an answer can be:
/// <list type="bullet">
/// <item>its own pending entries only after it started or after a publish or acknowledgement failed: otherwise it
/// has none;</item>
/// <item>abandoned entries at most every <see cref="OutboxRelayOptions.ClaimCheckInterval"/>: an entry only
/// becomes claimable <see cref="OutboxRelayOptions.ClaimAbandonedAfter"/> after a dead relay took it;</item>
/// <item>a sale that had nothing new is read again after a pause that doubles up to
/// <see cref="OutboxRelayOptions.MaxIdlePoll"/>; one with entries <see cref="OutboxRelayOptions.BusyPassInterval"/>
/// after the read that found them, so that a selling sale's orders leave in fewer, fuller messages;</item>
/// <item>a sale that is selling fast is not read at all, for up to <see cref="OutboxRelayOptions.MaxHoldWhileSelling"/>,
/// and past that only at the pace its orders arrive: its crowd needs the cores more than fulfillment does
/// (<see cref="Holds"/>, <see cref="EntriesToRead"/>).</item>
/// </list>
/// Asking all three of every sale on every 20 ms pass would cost 150 commands a second for each idle sale.
/// </summary>
public sealed class SaleWatch(OutboxRelayOptions options)
{
    private bool _ownPending = true;
    private DateTimeOffset _nextClaimCheck = DateTimeOffset.MinValue;
    private DateTimeOffset _nextRead = DateTimeOffset.MinValue;
    private TimeSpan _idlePause = TimeSpan.Zero;
    private TimeSpan _failurePause = TimeSpan.Zero;
    private bool _crowdSeen;

    public bool IsDue(DateTimeOffset now) => now >= _nextRead;

    /// <summary>Where to look on this pass, in order: the relay publishes the first source that has entries.</summary>
    public IReadOnlyList<OutboxSource> Sources(DateTimeOffset now)
    {
        List<OutboxSource> sources = new(3);
        if (_ownPending)
        {
            sources.Add(OutboxSource.OwnPending);
        }
        if (now >= _nextClaimCheck)
        {
            sources.Add(OutboxSource.Abandoned);
            _nextClaimCheck = now + options.ClaimCheckInterval;
        }
        sources.Add(OutboxSource.New);
        return sources;
    }

    /// <summary>
    /// Whether to leave the sale's entries in its outbox on this pass: its oldest entry has waited less than
    /// <see cref="OutboxRelayOptions.MaxHoldWhileSelling"/>, and it is selling (its newest entry is younger than
    /// <see cref="OutboxRelayOptions.SellingWithin"/>) or was at the last look. Never with a zero hold.
    /// </summary>
    /// <remarks>
    /// A quiet right after a crowd counts once a second look, <see cref="OutboxRelayOptions.IdleDelay"/> later, finds it
    /// too. The crowd's scripts stop whenever this host stalls or its requests stop arriving for a moment (a collection,
    /// a starved thread pool, a pause of the load generator or the network), and a look that lands in such a stall
    /// finds a quiet the crowd never had: a full launch on two cores then handed tens of thousands of held orders to
    /// fulfillment mid-sale, and sold at a seventh of its rate while they were stored (docs/PERFORMANCE.md). The end of
    /// a real crowd waits one look longer.
    /// </remarks>
    public bool Holds(OutboxTimes times)
    {
        var withinHold = !times.IsEmpty && times.OldestWaited < options.MaxHoldWhileSelling;
        var crowdWasSeen = _crowdSeen;
        _crowdSeen = withinHold && Selling(times);
        return _crowdSeen || (withinHold && crowdWasSeen);
    }

    /// <summary>
    /// How many entries to read of a sale that is not held. One that is no longer selling, a full batch. One still
    /// selling whose oldest order has waited the longest hold, twice as many as reached its outbox in one busy pass, at
    /// the rate its backlog shows: fulfillment then keeps pace with the sale, about the longest hold behind it. Read in
    /// full batches, ten seconds of a launch's orders went to fulfillment at once, and the sale sold at a third of its
    /// rate until they were stored (docs/PERFORMANCE.md).
    /// </summary>
    public int EntriesToRead(OutboxTimes times)
    {
        if (!Selling(times))
        {
            return options.BatchSize;
        }
        var arrivedPerPass = times.Length * options.BusyPassInterval.TotalMilliseconds / Math.Max(1, times.NewestMs - times.OldestMs);
        return (int)Math.Clamp(Math.Ceiling(2 * arrivedPerPass), 1, options.BatchSize);
    }

    /// <summary>The sale's newest entry is younger than <see cref="OutboxRelayOptions.SellingWithin"/>.</summary>
    private bool Selling(OutboxTimes times) => !times.IsEmpty && times.SinceNewest < options.SellingWithin;

    /// <summary>
    /// The sale's entries were left in its outbox: look again soon, since the first quiet moment after a crowd is when
    /// its orders should go.
    /// </summary>
    public void Held(DateTimeOffset now) => _nextRead = now + options.IdleDelay;

    /// <summary>Entries from <paramref name="source"/>, read on the pass that started at <paramref name="passStarted"/>, were published and acknowledged; there may be more.</summary>
    public void Relayed(OutboxSource source, DateTimeOffset passStarted)
    {
        // Reading a later source means the earlier ones were empty; a full batch from one may have a sequel, which
        // the next read finds like any other entries.
        _ownPending = source == OutboxSource.OwnPending;
        if (source == OutboxSource.Abandoned)
        {
            _nextClaimCheck = DateTimeOffset.MinValue;
        }
        _idlePause = TimeSpan.Zero;
        _failurePause = TimeSpan.Zero;
        _nextRead = passStarted + options.BusyPassInterval;
    }

    /// <summary>Every source read on this pass was empty.</summary>
    public void FoundNothing(DateTimeOffset now)
    {
        _ownPending = false;
        _failurePause = TimeSpan.Zero;
        _idlePause = Doubled(_idlePause, options.MaxIdlePoll);
        _nextRead = now + _idlePause;
    }

    /// <summary>
    /// Reading, publishing or acknowledging failed: whatever this relay had read stays pending for it, and is read
    /// again after a pause that doubles with each failure in a row, up to <see cref="OutboxRelayOptions.MaxPauseAfterFailure"/>.
    /// A broker that returns every message (no queue bound to take them) fails each publish within a round trip:
    /// retried on every pass, such a sale cost a Redis read, a publish and a logged warning each time: 90 of them in
    /// the 12 s one host took to declare its queues again after a lost connection, where runs with the pause logged 5
    /// and 6 (docs/PERFORMANCE.md).
    /// </summary>
    public void Failed(DateTimeOffset now)
    {
        _ownPending = true;
        _failurePause = Doubled(_failurePause, options.MaxPauseAfterFailure);
        _nextRead = now + _failurePause;
    }

    /// <summary>Twice <paramref name="pause"/>, at least <see cref="OutboxRelayOptions.IdleDelay"/> and at most <paramref name="most"/>.</summary>
    private TimeSpan Doubled(TimeSpan pause, TimeSpan most) =>
        TimeSpan.FromTicks(Math.Min(Math.Max(pause.Ticks * 2, options.IdleDelay.Ticks), most.Ticks));
}
