namespace FlashSale.Grains.WaitingRooms;

/// <summary>Bound from <c>FlashSale:WaitingRoom</c>; the same for every sale.</summary>
public sealed class WaitingRoomOptions
{
    public const string Section = "FlashSale:WaitingRoom";

    /// <summary>
    /// Purchase scripts one SKU may have in flight at Redis. Beyond it, shoppers get a ticket (202) rather than
    /// an open connection that waits for its turn. 2,048 pipelined scripts are tens of milliseconds of Redis
    /// work; a smaller budget sent most of a launch through tickets, whose polling cost the 2-core box more
    /// than it saved (docs/PERFORMANCE.md: 256 sold 100,000 units in 42 s, 2,048 in 32 s, side by side).
    /// </summary>
    public int MaxInFlight { get; set; } = 2_048;

    /// <summary>
    /// Purchases (or F-code redemptions) one script carries at most (<see cref="Stock.ScriptBatcher{TRequest, TReply}"/>).
    /// They gather into a batch only while <see cref="PurchaseScriptsInFlight"/> scripts are already at Redis, so a
    /// quiet sale sends each alone; 64 purchases are well under a millisecond of Redis time, so no one else's
    /// command waits long.
    /// </summary>
    public int MaxPurchasesPerScript { get; set; } = 64;

    /// <summary>
    /// Purchase scripts one SKU keeps at Redis at once (and redemption scripts, apart): two, so Redis works on one
    /// while the next gathers.
    /// </summary>
    public int PurchaseScriptsInFlight { get; set; } = 2;

    /// <summary>
    /// Shoppers one SKU's waiting room holds. Past it, a shopper gets <c>sold_out</c> when no unit is left for
    /// anyone behind those already waiting, else 503 <c>busy</c>.
    /// </summary>
    public int MaxQueueLength { get; set; } = 200_000;

    /// <summary>How long before a session opens shoppers may enter its admission draw; earlier they get <c>not_open</c>.</summary>
    public TimeSpan OpensBeforeSession { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often an active sale with a payment window sweeps for lapsed holds.</summary>
    public TimeSpan LapseSweepInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long an answered ticket can still be read.</summary>
    public TimeSpan TicketRetention { get; set; } = TimeSpan.FromMinutes(15);
}
