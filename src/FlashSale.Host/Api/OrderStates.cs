using FlashSale.Abstractions.Purchases;
using FlashSale.Stock;

namespace FlashSale.Host.Api;

/// <summary>The names the API gives an order's states: held, confirmed, lapsed, and fulfilled once PostgreSQL has it.</summary>
public static class OrderStates
{
    public const string Fulfilled = "fulfilled";

    public static string Name(OrderState? state) => StockOrder.NameOf(state ?? OrderState.Confirmed);
}
