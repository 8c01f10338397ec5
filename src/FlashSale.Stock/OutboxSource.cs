namespace FlashSale.Stock;

/// <summary>Where in a sale's outbox stream a relay looks for entries to publish.</summary>
public enum OutboxSource
{
    /// <summary>Entries this consumer took and did not acknowledge: its publish or acknowledgement failed.</summary>
    OwnPending,

    /// <summary>Entries another consumer took and left unacknowledged for long enough that it must have died.</summary>
    Abandoned,

    /// <summary>Entries no consumer has taken yet.</summary>
    New,
}
