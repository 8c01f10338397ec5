namespace FlashSale.Stock;

/// <summary>
/// A sale's outbox as the relay sees it before reading: Redis's clock and the times of the oldest and the newest entry
/// not yet relayed, all in unix milliseconds by that one clock (0 and 0 when the outbox is empty), and how many entries
/// it holds.
/// </summary>
public readonly record struct OutboxTimes(long NowMs, long OldestMs, long NewestMs, long Length)
{
    public bool IsEmpty => OldestMs == 0;

    /// <summary>How long the oldest entry has waited for a relay.</summary>
    public TimeSpan OldestWaited => TimeSpan.FromMilliseconds(NowMs - OldestMs);

    /// <summary>How long ago the newest entry was written: short while the sale is selling.</summary>
    public TimeSpan SinceNewest => TimeSpan.FromMilliseconds(NowMs - NewestMs);
}
