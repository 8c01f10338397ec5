using StackExchange.Redis;

namespace FlashSale.Stock.Tests;

public sealed class SaleOutboxTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private SaleOutbox Outbox => redis.Outbox;

    [Fact]
    public async Task Entries_not_acknowledged_are_read_again_and_acknowledged_ones_are_gone()
    {
        var sale = await redis.CreateSaleAsync(stock: 3, limit: 3);
        foreach (var key in new[] { "a", "b", "c" })
        {
            await redis.Store.BuyAsync(sale.SaleId, new("alice", key));
        }

        var first = await Outbox.ReadAsync(sale.SaleId, "relay-1", 10, OutboxSource.New);
        var again = await Outbox.ReadAsync(sale.SaleId, "relay-1", 10, OutboxSource.OwnPending);
        Assert.Equal(3, first.Count);
        Assert.Empty(await Outbox.ReadAsync(sale.SaleId, "relay-1", 10, OutboxSource.New));
        Assert.Equal(first.Select(e => Assert.Single(e.Orders).OrderId), again.Select(e => Assert.Single(e.Orders).OrderId));

        await Outbox.AcknowledgeAsync(sale.SaleId, again);

        Assert.Empty(await Outbox.ReadAsync(sale.SaleId, "relay-1", 10, OutboxSource.OwnPending));
        Assert.Equal(0, await redis.Db.StreamLengthAsync(redis.Store.KeysFor(sale.SaleId).Outbox));
    }

    [Fact]
    public async Task Another_relay_does_not_take_entries_a_live_relay_holds()
    {
        var sale = await redis.CreateSaleAsync(stock: 1);
        await redis.Store.BuyAsync(sale.SaleId, new("alice", "k"));

        Assert.Single(await Outbox.ReadAsync(sale.SaleId, "relay-1", 10, OutboxSource.New));
        Assert.Empty(await Outbox.ReadAsync(sale.SaleId, "relay-2", 10, OutboxSource.Abandoned));
        Assert.Empty(await Outbox.ReadAsync(sale.SaleId, "relay-2", 10, OutboxSource.New));
    }

    [Fact]
    public async Task Open_sales_are_listed_for_the_relay_and_long_ended_ones_only_while_entries_remain()
    {
        var open = await redis.CreateSaleAsync(stock: 1);
        var ended = await redis.CreateSaleAsync(stock: 1, startsIn: TimeSpan.FromHours(-3), endsIn: TimeSpan.FromHours(-2));

        var watched = await Outbox.ListSalesEndingAfterAsync(DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Contains(open.SaleId, watched);
        Assert.DoesNotContain(ended.SaleId, watched);

        await redis.Store.BuyAsync(open.SaleId, new("alice", "k"));
        var withEntries = await Outbox.ListSalesWithEntriesAsync();
        Assert.Contains(open.SaleId, withEntries);
        Assert.DoesNotContain(ended.SaleId, withEntries);
    }

    [Fact]
    public async Task The_outbox_times_are_those_of_its_oldest_and_newest_entries_not_yet_relayed_by_redis_clock()
    {
        var sale = await redis.CreateSaleAsync(stock: 3, limit: 3);
        Assert.True((await Outbox.TimesAsync(sale.SaleId)).IsEmpty);

        await redis.Store.BuyAsync(sale.SaleId, new("alice", "a"));
        await UntilRedisClockPassesAsync(await RedisNowMsAsync() + 20);
        await redis.Store.BuyAsync(sale.SaleId, new("alice", "b"));
        var entries = await Outbox.ReadAsync(sale.SaleId, "relay-1", 10, OutboxSource.New);
        var times = await Outbox.TimesAsync(sale.SaleId);

        // Entries read but not yet acknowledged still wait: a relay may die before publishing them.
        Assert.Equal([entries[0].WrittenAtMs, entries[1].WrittenAtMs, 2], [times.OldestMs, times.NewestMs, times.Length]);
        Assert.True(times.NewestMs - times.OldestMs >= 20);
        Assert.InRange(times.NowMs, times.NewestMs, await RedisNowMsAsync());

        await Outbox.AcknowledgeAsync(sale.SaleId, [entries[0]]);
        var left = await Outbox.TimesAsync(sale.SaleId);
        Assert.Equal((entries[1].WrittenAtMs, 1L), (left.OldestMs, left.Length));
        await Outbox.AcknowledgeAsync(sale.SaleId, [entries[1]]);
        Assert.True((await Outbox.TimesAsync(sale.SaleId)).IsEmpty);
    }

    /// <summary>
    /// Waits by Redis's clock, which stamps the entries: a <see cref="Task.Delay(int)"/> runs on .NET's coarse tick
    /// count and may end a few milliseconds early by it.
    /// </summary>
    private async Task UntilRedisClockPassesAsync(long ms)
    {
        while (await RedisNowMsAsync() < ms)
        {
            await Task.Delay(5);
        }
    }

    private async Task<long> RedisNowMsAsync()
    {
        var time = (RedisValue[])(await redis.Db.ExecuteAsync("TIME"))!;
        return (long)time[0] * 1000 + (long)time[1] / 1000;
    }
}
