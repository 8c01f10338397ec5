using CsCheck;
using FlashSale.Abstractions.Purchases;
using Xunit.Abstractions;

namespace FlashSale.Stock.Tests;

/// <summary>
/// <c>purchase.lua</c> against <see cref="SaleModel"/>. Random sales and random batches of purchases, from a handful
/// of shoppers and keys so that replays, limits and sell-outs are common, get exactly the answers the model gives,
/// and Redis ends holding exactly the model's counts, units per shopper and outbox. CsCheck shrinks a disagreement
/// to the smallest sale and batches that show it.
/// </summary>
public sealed class PurchaseScriptModelTests(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>
{
    private static readonly Gen<PurchaseRequest> Purchase =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 2], (shopper, key) => new PurchaseRequest($"shopper-{shopper}", $"key-{key}"));

    private static readonly Gen<(int Stock, int Limit, int PaymentWindowSeconds, PurchaseRequest[][] Batches)> Runs =
        Gen.Select(Gen.Int[0, 6], Gen.Int[1, 3], Gen.OneOf(0, 600), Purchase.Array[1, 6].Array[1, 8]);

    private StockStore Store => redis.Store;

    [Fact]
    public async Task Every_batch_is_answered_as_the_model_answers_and_Redis_ends_where_the_model_does()
    {
        await Runs.SampleAsync(async (stock, limit, window, batches) =>
        {
            var sale = await redis.CreateSaleAsync(stock, limit, paymentWindowSeconds: window);
            var model = new SaleModel(sale.SaleId, stock, fcodeStock: 0, limit, issued: []);

            foreach (var batch in batches)
            {
                var replies = await Store.PurchaseAsync(sale.SaleId, batch);
                Assert.Equal(batch.Select(model.Buy).ToArray(), replies.Select(r => (r.Result.Outcome, r.Result.OrderId)).ToArray());
                Assert.All(replies, r => Assert.Equal(new StockCounts(model.Remaining, window > 0 ? model.Sold : 0), r.Counts));
            }

            var snapshot = (await Store.GetSnapshotAsync(sale.SaleId))!;
            var (held, confirmed) = window > 0 ? (model.Sold, 0) : (0, model.Sold);
            Assert.Equal((model.Remaining, held, confirmed), (snapshot.Remaining, snapshot.Held, snapshot.Confirmed));
            var units = await redis.Db.HashGetAllAsync(Store.KeysFor(sale.SaleId).UnitsPerShopper);
            Assert.Equal(model.Units.OrderBy(u => u.Key), units.Select(u => KeyValuePair.Create((string)u.Name!, (int)u.Value)).OrderBy(u => u.Key));
            // Only confirmed orders go to the outbox; held ones wait for their payment.
            Assert.Equal(window > 0 ? [] : model.Outbox, SaleModel.Lines(await redis.PeekOutboxAsync(sale.SaleId)));
        }, output.WriteLine, iter: 400);
    }
}
