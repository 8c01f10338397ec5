using FlashSale.Stock;

namespace FlashSale.Outbox.Tests;

public sealed class SaleWatchTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 11, 12, 0, 0, TimeSpan.Zero);

    private static readonly OutboxRelayOptions Options = new()
    {
        IdleDelay = TimeSpan.FromMilliseconds(20),
        MaxIdlePoll = TimeSpan.FromMilliseconds(200),
        ClaimCheckInterval = TimeSpan.FromSeconds(5),
        BusyPassInterval = TimeSpan.FromMilliseconds(100),
        MaxHoldWhileSelling = TimeSpan.FromSeconds(10),
        SellingWithin = TimeSpan.FromMilliseconds(50),
    };

    [Fact]
    public void A_new_watch_looks_at_its_own_pending_entries_then_abandoned_ones_then_new_ones()
    {
        var watch = new SaleWatch(Options);

        Assert.True(watch.IsDue(Start));
        Assert.Equal([OutboxSource.OwnPending, OutboxSource.Abandoned, OutboxSource.New], watch.Sources(Start));
    }

    [Fact]
    public void After_relaying_new_entries_it_reads_only_new_ones_until_the_claim_check_is_due()
    {
        var watch = new SaleWatch(Options);
        watch.Sources(Start);
        watch.Relayed(OutboxSource.New, Start);

        Assert.Equal([OutboxSource.New], watch.Sources(Start.AddSeconds(1)));
        Assert.Equal([OutboxSource.Abandoned, OutboxSource.New], watch.Sources(Start.AddSeconds(5)));
        Assert.Equal([OutboxSource.New], watch.Sources(Start.AddSeconds(6)));
    }

    [Fact]
    public void A_batch_of_its_own_pending_or_abandoned_entries_is_followed_up_on_the_next_pass()
    {
        var watch = new SaleWatch(Options);
        watch.Sources(Start);
        watch.Relayed(OutboxSource.OwnPending, Start);
        Assert.Equal([OutboxSource.OwnPending, OutboxSource.New], watch.Sources(Start));

        watch.Relayed(OutboxSource.Abandoned, Start);
        Assert.Equal([OutboxSource.Abandoned, OutboxSource.New], watch.Sources(Start));
    }

    [Fact]
    public void A_sale_that_had_entries_is_read_again_the_busy_interval_after_the_read_that_found_them()
    {
        var watch = new SaleWatch(Options);
        watch.Sources(Start);
        // Publishing took 30 ms; the pause counts from the read, so a slow publish does not slow the relay further.
        watch.Relayed(OutboxSource.New, Start);

        Assert.False(watch.IsDue(Start.AddMilliseconds(30)));
        Assert.False(watch.IsDue(Start.AddMilliseconds(99)));
        Assert.True(watch.IsDue(Start.AddMilliseconds(100)));
    }

    [Fact]
    public void A_failure_sends_it_back_to_its_own_pending_entries_after_a_pause_that_doubles_while_failures_go_on()
    {
        var options = new OutboxRelayOptions { IdleDelay = Options.IdleDelay, MaxPauseAfterFailure = TimeSpan.FromMilliseconds(100) };
        var watch = new SaleWatch(options);
        watch.Sources(Start);
        watch.FoundNothing(Start);

        var pauses = new List<double>();
        var now = Start;
        for (var i = 0; i < 5; i++)
        {
            watch.Failed(now);
            var due = now;
            while (!watch.IsDue(due))
            {
                due = due.AddMilliseconds(1);
            }
            pauses.Add((due - now).TotalMilliseconds);
            now = due;
        }

        Assert.Equal([20, 40, 80, 100, 100], pauses);
        Assert.Equal([OutboxSource.OwnPending, OutboxSource.New], watch.Sources(now));
        watch.Relayed(OutboxSource.OwnPending, now);
        watch.Failed(now);
        Assert.True(watch.IsDue(now.AddMilliseconds(20)));
    }

    [Fact]
    public void A_quiet_sale_is_read_less_and_less_often_up_to_the_longest_pause_and_from_the_start_again_after_entries()
    {
        var watch = new SaleWatch(Options);
        var now = Start;
        List<double> pauses = [];
        for (var i = 0; i < 6; i++)
        {
            watch.Sources(now);
            watch.FoundNothing(now);
            var next = now.AddMilliseconds(1);
            while (!watch.IsDue(next))
            {
                next = next.AddMilliseconds(1);
            }
            pauses.Add((next - now).TotalMilliseconds);
            now = next;
        }
        Assert.Equal([20, 40, 80, 160, 200, 200], pauses);

        watch.Relayed(OutboxSource.New, now);
        now += Options.BusyPassInterval;
        Assert.True(watch.IsDue(now));
        watch.FoundNothing(now);
        Assert.False(watch.IsDue(now.AddMilliseconds(19)));
        Assert.True(watch.IsDue(now.AddMilliseconds(20)));
    }

    [Fact]
    public void A_selling_sale_is_held_until_its_crowd_pauses_or_its_oldest_order_has_waited_the_longest_hold()
    {
        var watch = new SaleWatch(Options);
        const long now = 1_000_000;

        Assert.True(watch.Holds(new OutboxTimes(now, OldestMs: now - 3_000, NewestMs: now - 2, Length: 100)));
        Assert.True(watch.Holds(new OutboxTimes(now, OldestMs: now - 9_999, NewestMs: now - 49, Length: 100)));
        // A pause in the crowd, found at two looks in a row: its orders go.
        Assert.True(watch.Holds(new OutboxTimes(now, OldestMs: now - 3_000, NewestMs: now - 50, Length: 100)));
        Assert.False(watch.Holds(new OutboxTimes(now + 20, OldestMs: now - 3_000, NewestMs: now - 50, Length: 100)));
        // Still selling, but the oldest order has waited as long as it may.
        Assert.False(watch.Holds(new OutboxTimes(now, OldestMs: now - 10_000, NewestMs: now - 2, Length: 100)));
        Assert.False(watch.Holds(new OutboxTimes(now, 0, 0, 0)));
    }

    [Fact]
    public void A_quiet_found_once_between_looks_at_a_crowd_keeps_the_sale_held()
    {
        var watch = new SaleWatch(Options);
        const long now = 1_000_000;

        Assert.True(watch.Holds(new OutboxTimes(now, OldestMs: now - 3_000, NewestMs: now - 2, Length: 100)));
        // A stall: no script for 60 ms, then the crowd's scripts again.
        Assert.True(watch.Holds(new OutboxTimes(now + 60, OldestMs: now - 3_000, NewestMs: now, Length: 100)));
        Assert.True(watch.Holds(new OutboxTimes(now + 80, OldestMs: now - 3_000, NewestMs: now + 79, Length: 120)));
        Assert.True(watch.Holds(new OutboxTimes(now + 100, OldestMs: now - 3_000, NewestMs: now + 99, Length: 140)));
    }

    [Fact]
    public void A_quiet_sale_that_had_no_crowd_at_the_last_look_is_not_held()
    {
        var watch = new SaleWatch(Options);
        const long now = 1_000_000;

        Assert.False(watch.Holds(new OutboxTimes(now, OldestMs: now - 3_000, NewestMs: now - 50, Length: 1)));
        // Past the longest hold the sale is no longer held, so a quiet then lets its orders go at once.
        Assert.False(watch.Holds(new OutboxTimes(now, OldestMs: now - 10_000, NewestMs: now - 2, Length: 100)));
        Assert.False(watch.Holds(new OutboxTimes(now + 60, OldestMs: now - 10_000, NewestMs: now - 2, Length: 100)));
    }

    [Fact]
    public void Without_a_hold_nothing_is_held()
    {
        var watch = new SaleWatch(new OutboxRelayOptions { MaxHoldWhileSelling = TimeSpan.Zero });

        Assert.False(watch.Holds(new OutboxTimes(1_000_000, OldestMs: 999_999, NewestMs: 1_000_000, Length: 2)));
    }

    [Fact]
    public void A_sale_still_selling_past_the_longest_hold_is_read_at_twice_the_pace_its_entries_arrive()
    {
        var watch = new SaleWatch(Options);
        const long now = 1_000_000;

        // 2,000 entries over the last ten seconds: 20 a busy pass of 100 ms, so 40.
        Assert.Equal(40, watch.EntriesToRead(new OutboxTimes(now, OldestMs: now - 10_001, NewestMs: now - 1, Length: 2_000)));
        // A trickle still gets one, and a flood no more than a batch.
        Assert.Equal(1, watch.EntriesToRead(new OutboxTimes(now, OldestMs: now - 10_001, NewestMs: now - 1, Length: 3)));
        Assert.Equal(Options.BatchSize, watch.EntriesToRead(new OutboxTimes(now, OldestMs: now - 10_001, NewestMs: now - 1, Length: 1_000_000)));
    }

    [Fact]
    public void A_sale_no_longer_selling_is_read_in_full_batches()
    {
        var watch = new SaleWatch(Options);
        const long now = 1_000_000;

        Assert.Equal(Options.BatchSize, watch.EntriesToRead(new OutboxTimes(now, OldestMs: now - 10_001, NewestMs: now - 50, Length: 2_000)));
    }

    [Fact]
    public void A_held_sale_is_looked_at_again_after_the_idle_delay()
    {
        var watch = new SaleWatch(Options);
        watch.Held(Start);

        Assert.False(watch.IsDue(Start.AddMilliseconds(19)));
        Assert.True(watch.IsDue(Start.AddMilliseconds(20)));
    }
}
