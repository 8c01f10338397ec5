using System.Net;
using FlashSale.Abstractions.Sales;
using FlashSale.Stock;
using FlashSale.Testing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.IntegrationTests;

/// <summary>
/// Sale sessions (the Mi Fan Festival's 0:00, 10:00, 12:00 … pattern) move on by themselves, on the sale grain's
/// reminder, which lives in Redis and so outlives the host that set it.
/// </summary>
public sealed class SessionTests : IAsyncLifetime
{
    private EngineEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await EngineEnvironment.CreateAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task The_next_session_opens_on_time_after_a_restart_with_no_one_calling_any_endpoint()
    {
        var first = _env.StartHost();
        var now = DateTimeOffset.UtcNow;
        var firstEnds = now.AddSeconds(9);
        var saleId = await _env.CreateSaleAsync(first, new
        {
            sku = "mi-3",
            name = "Mi 3 (Mi Fan Festival)",
            perShopperLimit = 5,
            paymentWindowSeconds = 0,
            sessions = new[]
            {
                new { startsAt = now.AddSeconds(6), endsAt = firstEnds, stock = 4 },
                new { startsAt = now.AddSeconds(10), endsAt = now.AddHours(1), stock = 6 },
            },
        });

        // The host that created the sale (and its reminder) goes away before the first session ends.
        await first.DisposeAsync();
        var second = _env.StartHost();
        Assert.True(DateTimeOffset.UtcNow < firstEnds - TimeSpan.FromSeconds(1), "the restart took too long for this test to mean anything");

        await using var redis = await ConnectionMultiplexer.ConnectAsync(_env.RedisConfiguration);
        var store = new StockStore(redis, Options.Create(new RedisOptions { KeyPrefix = _env.KeyPrefix }), new StockMetrics(TestMeters.Factory));
        var snapshot = (await Waiting.ReadUntilAsync(() => store.GetSnapshotAsync(saleId), s => s!.Session != 1,
            firstEnds + TimeSpan.FromSeconds(5) - DateTimeOffset.UtcNow))!;
        var movedAfter = DateTimeOffset.UtcNow - firstEnds;

        Assert.Equal((2, 10, 6, 4), (snapshot.Session, snapshot.OnSale, snapshot.Remaining, snapshot.Withdrawn));
        Assert.InRange(movedAfter, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        while (DateTimeOffset.UtcNow < now.AddSeconds(10.1))
        {
            await Task.Delay(50);
        }
        using var client = EngineEnvironment.Client(second);
        var bought = await Shoppers.BuyAsync(client, saleId, _env.ShopperToken("fan"), "fan", "k");
        Assert.Equal(HttpStatusCode.Created, bought.Status);
    }
}
