namespace FlashSale.Abstractions.Messages;

/// <summary>A hold whose payment window passed: its unit went back to stock in the same Redis step.</summary>
public sealed record HoldLapsed(string OrderId, string SaleId, string ShopperId, DateTimeOffset LapsedAt);

/// <summary>The lapses one outbox relay pass moved. Delivered at least once.</summary>
public sealed record HoldsLapsed(IReadOnlyList<HoldLapsed> Holds);
