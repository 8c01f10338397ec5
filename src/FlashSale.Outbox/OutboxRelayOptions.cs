namespace FlashSale.Outbox;

/// <summary>Bound from <c>FlashSale:Outbox</c>.</summary>
public sealed class OutboxRelayOptions
{
    public const string Section = "FlashSale:Outbox";

    /// <summary>
    /// Entries read, published and acknowledged together, per sale. A purchase script's entry carries its whole
    /// batch (up to <c>MaxPurchasesPerScript</c> orders), so a pass after a backlog may move tens of thousands.
    /// </summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Pause when a pass found nothing to move.</summary>
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How often the list of sales to watch is refreshed.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often every sale, however old, is checked for entries left behind.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}
