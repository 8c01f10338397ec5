namespace FlashSale.Stock;

/// <summary>A sale's general pool as one script left it: what the grain needs to steer its waiting room.</summary>
public readonly record struct StockCounts(int Remaining, int Held)
{
    /// <summary>Nothing left and nothing that could come back: no one need wait any more.</summary>
    public bool Exhausted => Remaining <= 0 && Held <= 0;
}
