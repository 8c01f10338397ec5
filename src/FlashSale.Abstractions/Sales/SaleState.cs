namespace FlashSale.Abstractions.Sales;

[GenerateSerializer]
public enum SaleState
{
    Scheduled,
    Open,
    SoldOut,
    Closed,
}
