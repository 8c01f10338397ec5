using System.Collections.Concurrent;
using System.Net;
using FlashSale.Testing;

namespace FlashSale.IntegrationTests;

/// <summary>
/// Redis is the authority on what was sold, so a crash of Redis itself must not unsell anything: a unit Redis
/// confirmed was written to its log before the answer left it. The engine's Redis is killed (SIGKILL) in the
/// middle of a sale and started again from its log; every order a shopper was told of must still be there, and
/// reach PostgreSQL, and the sale must go on to sell exactly its stock.
/// </summary>
public sealed class RedisCrashTests : IAsyncLifetime
{
    private const int Stock = 150;
    private const int ShopperCount = 300;

    private ScratchRedis _redis = null!;
    private EngineEnvironment _env = null!;
    private FlashSaleApp _host = null!;

    public async Task InitializeAsync()
    {
        _redis = await ScratchRedis.StartAsync();
        _env = await EngineEnvironment.CreateAsync(redisConfiguration: _redis.Configuration);
        _host = _env.StartHost();
    }

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_Redis_killed_mid_sale_and_restarted_from_its_log_keeps_every_sale_it_confirmed()
    {
        var saleId = await _env.CreateSaleAsync(_host, Stock);
        using var client = EngineEnvironment.Client(_host);
        var confirmed = new ConcurrentDictionary<string, string>();
        var crashed = new TaskCompletionSource<IReadOnlyDictionary<string, string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var retries = 0;

        // Shoppers arrive over about two seconds and retry a failed purchase with the same key, as a page would.
        async Task<PurchaseReply> ShopAsync(int i)
        {
            await Task.Delay(i * 6);
            var shopper = $"s{i}";
            var token = _env.ShopperToken(shopper);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                var reply = await Shoppers.BuyAsync(client, saleId, token, shopper, $"key-{i}");
                if (reply.Status != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
                {
                    if (reply.OrderId is { } orderId)
                    {
                        confirmed[shopper] = orderId;
                    }
                    return reply;
                }
                Interlocked.Increment(ref retries);
                await Task.Delay(100);
            }
        }

        var shopping = Task.WhenAll(Enumerable.Range(0, ShopperCount).Select(ShopAsync));
        await Waiting.UntilAsync(() => Task.FromResult(confirmed.Count >= Stock / 3), "a third of the stock sold");
        var confirmedBeforeCrash = new Dictionary<string, string>(confirmed);
        await _redis.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await _redis.RestartAsync();
        var replies = await shopping;

        Assert.True(retries > 0, "no purchase failed while Redis was down: the crash missed the sale");
        Assert.True(confirmedBeforeCrash.Count < Stock, "the sale had sold out before the crash");
        Assert.All(replies, r => Assert.True(r.Status is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{r.ShopperId}: {r.Status} {r.Code}"));
        var sold = replies.Where(r => r.Status == HttpStatusCode.Created).ToList();
        Assert.Equal(Stock, sold.Count);
        Assert.Equal(Stock, sold.Select(r => r.OrderId).Distinct().Count());
        // An order a shopper was told of before the crash is the one they still hold, not lost and sold again.
        Assert.All(confirmedBeforeCrash, c => Assert.Equal(c.Value, confirmed[c.Key]));
        var stored = await _env.WaitForOrdersAsync(saleId, Stock);
        Assert.Equal(sold.Select(r => (r.OrderId!, r.ShopperId)).Order(), stored.Rows.Order());
        var sale = await EngineEnvironment.GetSaleAsync(_host, saleId);
        Assert.Equal((0, Stock), (sale.GetProperty("remaining").GetInt32(), sale.GetProperty("sold").GetInt32()));
    }
}
