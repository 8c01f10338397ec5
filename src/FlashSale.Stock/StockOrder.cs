namespace FlashSale.Stock;

/// <summary>An order as Redis recorded it when the unit was taken.</summary>
public sealed record StockOrder(string OrderId, string SaleId, string ShopperId, DateTimeOffset ConfirmedAt, string? Fcode);
