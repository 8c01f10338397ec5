using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Sales;

namespace FlashSale.Stock.Tests;

/// <summary>The boundaries of <c>register.lua</c> and the registration check in <c>purchase.lua</c>.</summary>
public sealed class RegistrationScriptTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private StockStore Store => redis.Store;

    [Fact]
    public async Task Registering_before_open_is_idempotent_and_counted()
    {
        var sale = await redis.CreateSaleAsync(stock: 5, startsIn: TimeSpan.FromHours(1), endsIn: TimeSpan.FromHours(2), requiresRegistration: true);

        Assert.Equal(RegistrationOutcome.Registered, await Store.RegisterAsync(sale.SaleId, "alice"));
        Assert.Equal(RegistrationOutcome.AlreadyRegistered, await Store.RegisterAsync(sale.SaleId, "alice"));
        Assert.Equal(RegistrationOutcome.Registered, await Store.RegisterAsync(sale.SaleId, "bob"));
        Assert.Equal(2, (await Store.GetSnapshotAsync(sale.SaleId))!.Registrations);
    }

    [Fact]
    public async Task Registration_closes_when_the_sale_opens_and_only_registered_shoppers_buy()
    {
        var sale = await redis.CreateSaleAsync(stock: 5, startsIn: TimeSpan.FromSeconds(2), requiresRegistration: true);
        Assert.Equal(RegistrationOutcome.Registered, await Store.RegisterAsync(sale.SaleId, "alice"));
        // Redis's clock decides when the sale opens: wait until Redis says it has (bounded).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await Store.GetSnapshotAsync(sale.SaleId))!.State == SaleState.Scheduled && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(RegistrationOutcome.Closed, await Store.RegisterAsync(sale.SaleId, "bob"));
        Assert.Equal(PurchaseOutcome.NotRegistered, (await Store.BuyAsync(sale.SaleId, new("bob", "k"))).Outcome);
        Assert.Equal(PurchaseOutcome.Purchased, (await Store.BuyAsync(sale.SaleId, new("alice", "k"))).Outcome);
        Assert.Equal(4, (await Store.GetSnapshotAsync(sale.SaleId))!.Remaining);
    }

    [Fact]
    public async Task A_sale_open_to_everyone_has_nothing_to_register_for()
    {
        var sale = await redis.CreateSaleAsync(stock: 5);

        Assert.Equal(RegistrationOutcome.NotRequired, await Store.RegisterAsync(sale.SaleId, "alice"));
        Assert.Equal(RegistrationOutcome.UnknownSale, await Store.RegisterAsync(Guid.NewGuid().ToString("N"), "alice"));
        Assert.Equal(PurchaseOutcome.Purchased, (await Store.BuyAsync(sale.SaleId, new("alice", "k"))).Outcome);
    }
}
