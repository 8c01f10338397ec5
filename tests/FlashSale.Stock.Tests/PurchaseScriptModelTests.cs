using System.Text.Json;
using CsCheck;
using FlashSale.Abstractions.Purchases;
using Xunit.Abstractions;

namespace FlashSale.Stock.Tests;

/// <summary>
/// <c>purchase.lua</c> and <c>pay.lua</c> against <see cref="SaleModel"/>. Random sales, with a payment window or
/// without, and random batches of purchases, from a handful of shoppers and keys so that replays, limits and
/// sell-outs are common, with payments by owners and by others in between, get exactly the answers the model gives;
/// Redis ends holding exactly the model's counts, units per shopper and outbox. CsCheck shrinks a disagreement
/// to the smallest sale and batches that show it.
/// </summary>
public sealed class PurchaseScriptModelTests(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>
{
    private static readonly Gen<string> Shopper = Gen.Int[0, 3].Select(i => $"shopper-{i}");

    private static readonly Gen<PurchaseRequest> Purchase = Gen.Select(Shopper, Gen.Int[0, 2], (shopper, key) => new PurchaseRequest(shopper, $"key-{key}"));

    /// <summary>A batch of purchases, or a payment for the n-th order of the sale (one past the stock is never an order).</summary>
    private static readonly Gen<Operation> Operations = Gen.Frequency(
        (3, Purchase.Array[1, 6].Select(batch => (Operation)new Buy(batch))),
        (1, Gen.Select(Gen.Int[1, 7], Shopper, (n, shopper) => (Operation)new Pay(n, shopper))));

    private static readonly Gen<(int Stock, int Limit, int PaymentWindowSeconds, Operation[] Operations)> Runs =
        Gen.Select(Gen.Int[0, 6], Gen.Int[1, 3], Gen.OneOf(0, 600), Operations.Array[1, 10]);

    private StockStore Store => redis.Store;

    [Fact]
    public async Task Every_purchase_and_payment_is_answered_as_the_model_answers_and_Redis_ends_where_the_model_does()
    {
        await Runs.SampleAsync(async (stock, limit, window, operations) =>
        {
            var sale = await redis.CreateSaleAsync(stock, limit, paymentWindowSeconds: window);
            var model = new SaleModel(sale.SaleId, stock, fcodeStock: 0, limit, issued: [], holds: window > 0);

            foreach (var operation in operations)
            {
                switch (operation)
                {
                    case Buy buy:
                        var replies = await Store.PurchaseAsync(sale.SaleId, buy.Batch);
                        Assert.Equal(buy.Batch.Select(model.Buy).ToArray(), replies.Select(r => (r.Result.Outcome, r.Result.OrderId)).ToArray());
                        Assert.All(replies, r => Assert.Equal(new StockCounts(model.Remaining, model.Held), r.Counts));
                        break;
                    case Pay pay:
                        var orderId = $"{sale.SaleId}-{pay.OrderNumber}";
                        Assert.Equal(model.Pay(orderId, pay.Shopper), (await Store.PayAsync(sale.SaleId, orderId, pay.Shopper)).Result.Outcome);
                        break;
                }
            }

            var snapshot = (await Store.GetSnapshotAsync(sale.SaleId))!;
            Assert.Equal((model.Remaining, model.Held, model.Sold - model.Held), (snapshot.Remaining, snapshot.Held, snapshot.Confirmed));
            var units = await redis.Db.HashGetAllAsync(Store.KeysFor(sale.SaleId).UnitsPerShopper);
            Assert.Equal(model.Units.OrderBy(u => u.Key), units.Select(u => KeyValuePair.Create((string)u.Name!, (int)u.Value)).OrderBy(u => u.Key));
            // Orders reach the outbox as they are confirmed: at once without a payment window, else when paid.
            Assert.Equal(model.Outbox, SaleModel.Lines(await redis.PeekOutboxAsync(sale.SaleId)));
        }, output.WriteLine, iter: 500, print: run => JsonSerializer.Serialize(new { Stock = run.Item1, Limit = run.Item2, Window = run.Item3, Operations = run.Item4.Cast<object>() }));
    }

    public abstract record Operation;

    public sealed record Buy(PurchaseRequest[] Batch) : Operation;

    public sealed record Pay(int OrderNumber, string Shopper) : Operation;
}
