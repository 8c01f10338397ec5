using FlashSale.Abstractions.Purchases;

namespace FlashSale.Stock;

/// <summary>A purchase script's answer, with the pool's counts after it (null when the script did not read them).</summary>
public sealed record PurchaseReply(PurchaseResult Result, StockCounts? Counts);

/// <summary>A payment script's answer, with the pool's counts after it (null when the order was not found or not the shopper's).</summary>
public sealed record PaymentReply(PaymentResult Result, StockCounts? Counts);

/// <summary>What one lapse sweep did.</summary>
public sealed record LapseReply(int Lapsed, StockCounts Counts);
