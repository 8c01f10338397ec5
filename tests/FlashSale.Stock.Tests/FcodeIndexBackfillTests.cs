namespace FlashSale.Stock.Tests;

/// <summary>Codes issued by builds before the index of every code's sale existed are put in it once, for sales still to settle.</summary>
public sealed class FcodeIndexBackfillTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private FcodeStore Codes => redis.Fcodes;

    [Fact]
    public async Task Codes_of_sales_still_to_settle_are_indexed_once_and_settled_sales_are_left_out()
    {
        var live = await redis.CreateSaleAsync(stock: 1, fcodeStock: 2);
        var settled = await redis.CreateSaleAsync(stock: 1, fcodeStock: 1, startsIn: TimeSpan.FromHours(-2), endsIn: TimeSpan.FromHours(-1));
        await Codes.LoadAsync(live.SaleId, [new("EARLY1", "alice", null), new("EARLY2", "bob", null)]);
        await Codes.LoadAsync(settled.SaleId, [new("EARLY3", "carol", null)]);
        await ForgetAsync("EARLY1", "EARLY2", "EARLY3");

        var indexed = await Codes.IndexEarlierCodesAsync(DateTimeOffset.UtcNow);

        Assert.Equal(2, indexed);
        Assert.Equal(live.SaleId, await Codes.FindSaleAsync("EARLY1"));
        Assert.Equal(live.SaleId, await Codes.FindSaleAsync("EARLY2"));
        Assert.Null(await Codes.FindSaleAsync("EARLY3"));

        await ForgetAsync("EARLY1");
        Assert.Equal(0, await Codes.IndexEarlierCodesAsync(DateTimeOffset.UtcNow));
        Assert.Null(await Codes.FindSaleAsync("EARLY1"));
    }

    /// <summary>As a build before the index would have left them: in their sale, not in the index.</summary>
    private async Task ForgetAsync(params string[] codes)
    {
        foreach (var code in codes)
        {
            Assert.True(await redis.Db.HashDeleteAsync(SaleKeys.FcodeSales(redis.Prefix), code));
        }
    }
}
