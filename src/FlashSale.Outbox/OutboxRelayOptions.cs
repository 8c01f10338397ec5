using FlashSale.Stock;

namespace FlashSale.Outbox;

/// <summary>Bound from <c>FlashSale:Outbox</c>.</summary>
public sealed class OutboxRelayOptions
{
    public const string Section = "FlashSale:Outbox";

    /// <summary>
    /// Entries read, published and acknowledged together, per sale. A purchase script's entry carries its whole
    /// batch (up to <c>MaxPurchasesPerScript</c> orders), so a pass after a backlog may move tens of thousands. At 100 a
    /// launch's held orders drained after the sell-out in finer slices, sharing the cores more evenly with the sold-out
    /// crowd and peaking 50 MiB lower, but reached PostgreSQL 1.7 s later, with no more answers in the seconds after
    /// (docs/PERFORMANCE.md).
    /// </summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// Orders per published message. At 130 to 330 bytes of JSON an order (the longer with 128-character shopper ids),
    /// 4,096 keep a message, and each copy MassTransit makes of it while sending and receiving, under the 2 MiB the
    /// engine sets as its large object threshold (<c>System.GC.LOHThreshold</c> in FlashSale.Host.csproj). Large
    /// arrays are freed only by a full collection: past the threshold the relay's messages made the engine run a
    /// background gen2 collection every second of selling. Under the runtime's default 85,000 bytes the cap had to be
    /// 256 orders, and messages that small sold a full launch out 1 to 1.9 s later (docs/PERFORMANCE.md).
    /// </summary>
    public int MaxOrdersPerMessage { get; set; } = 4_096;

    /// <summary>
    /// The least time from one read of a sale that had entries to the next. A selling sale then hands each pass
    /// a tenth of a second of orders (about 1,200 at launch rates), not the few milliseconds' worth that arrived
    /// while the last publish was confirmed: ten messages a second instead of a hundred, each costing RabbitMQ a
    /// store and a delivery, MassTransit a publish and a consume, and PostgreSQL a transaction. In alternated
    /// quick-buys RabbitMQ spent half and PostgreSQL a quarter less per order; full launches and the bench sold
    /// no faster, within noise (docs/PERFORMANCE.md). The first entry after a quiet spell still leaves on the
    /// next read.
    /// </summary>
    public TimeSpan BusyPassInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The longest a selling sale's orders wait in its outbox before the relay hands them on anyway; zero hands them on
    /// as they come. A launch's crowd and its fulfillment (the relay's reads and publishes, RabbitMQ, the consumer,
    /// PostgreSQL's inserts) share the same cores, and the crowd cannot wait while fulfillment can: its orders are
    /// safe in Redis, the authority, meanwhile. On two cores, holding them until the sell-out sold full launches out
    /// in 6.5–8.9 s (median 7.4) where relaying as they sold took 8.4–10.3 s (median 8.7), and the last order reached
    /// PostgreSQL about 2 s after the last sale instead of at once (docs/PERFORMANCE.md). The bound keeps a long sale's
    /// orders moving: past it the relay follows the sale at the pace its orders arrive (<see cref="SaleWatch.EntriesToRead"/>).
    /// </summary>
    public TimeSpan MaxHoldWhileSelling { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether selling sales' orders are held at all (<see cref="MaxHoldWhileSelling"/> above zero).</summary>
    public bool HoldsWhileSelling => MaxHoldWhileSelling > TimeSpan.Zero;

    /// <summary>
    /// A sale counts as selling while its newest outbox entry is younger than this. At launch rates scripts write an
    /// entry every few milliseconds, so a gap this long, still there one <see cref="IdleDelay"/> later
    /// (<see cref="SaleWatch.Holds"/>), means the crowd has been served (or has thinned to a trickle) and its orders can
    /// go. Short enough that the start-up rehearsal's waves, 100 ms apart, are each relayed on their own, as its warm-up
    /// of fulfillment needs.
    /// </summary>
    public TimeSpan SellingWithin { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Pause when a pass found nothing to move, and the first pause of a sale that had nothing new.</summary>
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// The longest a quiet sale goes unread: its pause doubles from <see cref="IdleDelay"/> up to this while it has
    /// nothing new, so its first order after a quiet spell reaches RabbitMQ at most this much later.
    /// </summary>
    public TimeSpan MaxIdlePoll { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The longest pause before a sale whose relaying keeps failing is tried again: the pause doubles from
    /// <see cref="IdleDelay"/> with each failure in a row (<see cref="SaleWatch.Failed"/>).
    /// </summary>
    public TimeSpan MaxPauseAfterFailure { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest the relay waits for RabbitMQ to confirm a pass's messages before it gives the pass up; its entries stay
    /// pending and are published again on a later pass. A confirm takes milliseconds, a launch's largest pass a second or
    /// two. Without a bound the relay, and so every sale's orders, waited for good on a publish RabbitMQ.Client 7.2.2
    /// never completed: one sent on a connection that died without a word was still waiting for its confirm after the bus
    /// had opened a new connection (BrokerReconnectTests). The client's open issue rabbitmq/rabbitmq-dotnet-client#1930,
    /// publishes that hang after a broker restart, reproduced there on 7.2.2 under MassTransit 8.5, looks like the same.
    /// A pass given up while its confirm was only slow is published twice, which fulfillment absorbs.
    /// </summary>
    public TimeSpan ConfirmTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long relaying a sale's orders may keep failing before <c>/health</c> calls the relay unhealthy (Degraded until
    /// then). After a broker outage MassTransit reconnects on its own schedule, up to 30 s between tries, so a minute of
    /// failures is more than one missed try.
    /// </summary>
    public TimeSpan UnhealthyAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often each sale is checked for entries a dead relay abandoned (<see cref="ClaimAbandonedAfter"/>).</summary>
    public TimeSpan ClaimCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long entries another relay read must lie unacknowledged before this one takes them over: that relay's host
    /// has died. A live relay holds entries only while RabbitMQ confirms them (or while it retries a broker that is
    /// away), and one taken over from a live relay is published twice, which fulfillment absorbs.
    /// </summary>
    public TimeSpan ClaimAbandonedAfter { get; set; } = SaleOutbox.DefaultClaimAfter;

    /// <summary>How often the list of sales to watch is refreshed.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often every sale, however old, is checked for entries left behind.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}
