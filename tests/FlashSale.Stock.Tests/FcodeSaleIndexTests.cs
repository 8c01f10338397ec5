namespace FlashSale.Stock.Tests;

/// <summary>Redis knows which sale each live code belongs to, so a transfer that names only the code needs no PostgreSQL.</summary>
public sealed class FcodeSaleIndexTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private FcodeStore Codes => redis.Fcodes;

    [Fact]
    public async Task Each_issued_code_names_its_own_sale_and_nothing_else_is_found()
    {
        var (first, second) = (await redis.CreateSaleAsync(stock: 1, fcodeStock: 2), await redis.CreateSaleAsync(stock: 1, fcodeStock: 1));
        var (a, b, c) = (NewCode(), NewCode(), NewCode());

        await Codes.LoadAsync(first.SaleId, [new(a, "alice", null), new(b, null, null)]);
        await Codes.LoadAsync(second.SaleId, [new(c, "carol", null)]);

        IEnumerable<string?> found = [await Codes.FindSaleAsync(a), await Codes.FindSaleAsync(b), await Codes.FindSaleAsync(c)];
        Assert.Equal([first.SaleId, first.SaleId, second.SaleId], found);
        Assert.Null(await Codes.FindSaleAsync(NewCode()));
    }

    [Fact]
    public async Task Codes_removed_after_a_failed_issue_or_with_their_retired_sale_are_no_longer_found()
    {
        var (failed, retired, kept) = (await redis.CreateSaleAsync(stock: 1, fcodeStock: 1), await redis.CreateSaleAsync(stock: 1, fcodeStock: 1),
            await redis.CreateSaleAsync(stock: 1, fcodeStock: 1));
        var (unrecorded, gone, live) = (new NewFcode(NewCode(), "alice", null), NewCode(), NewCode());
        await Codes.LoadAsync(failed.SaleId, [unrecorded]);
        await Codes.LoadAsync(retired.SaleId, [new(gone, "bob", null)]);
        await Codes.LoadAsync(kept.SaleId, [new(live, "carol", null)]);

        await Codes.DeleteAsync(failed.SaleId, [unrecorded]);
        await Codes.DeleteAllAsync(retired.SaleId);

        Assert.Null(await Codes.FindSaleAsync(unrecorded.Code));
        Assert.Null(await Codes.FindSaleAsync(gone));
        Assert.Equal(kept.SaleId, await Codes.FindSaleAsync(live));
    }

    private static string NewCode() => Guid.NewGuid().ToString("N")[..13].ToUpperInvariant();
}
