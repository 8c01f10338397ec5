using System.Text.Json;
using CsCheck;
using FlashSale.Abstractions.Purchases;
using Xunit.Abstractions;

namespace FlashSale.Stock.Tests;

/// <summary>
/// The F-code scripts (<c>fcode_purchase.lua</c>, <c>fcode_change.lua</c>) and <c>purchase.lua</c> against one
/// <see cref="SaleModel"/>, as they share a sale's idempotency keys and order numbers. Random runs of purchases,
/// redemptions, transfers and revocations over three codes (two owned, one bearer) and a code nobody issued get the model's answers; Redis
/// ends with the model's counts, each code's owner, state, order and version, and the outbox's orders and events
/// in the model's order. Whatever the run, a code is redeemed at most once and the allocation never goes below zero.
/// </summary>
public sealed class FcodeScriptModelTests(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>
{
    private static readonly NewFcode[] Issued = [new("CODE0", "shopper-0", null), new("CODE1", "shopper-1", null), new("CODE2", null, null)];

    private static readonly Gen<string> Shopper = Gen.Int[0, 2].Select(i => $"shopper-{i}");
    private static readonly Gen<string> Key = Gen.Int[0, 2].Select(i => $"key-{i}");
    private static readonly Gen<string> Code = Gen.OneOf("CODE0", "CODE1", "CODE2", "NOSUCH");

    private static readonly Gen<Operation> Steps = Gen.OneOf(
        Gen.Select(Shopper, Key, (s, k) => new PurchaseRequest(s, k)).Array[1, 3].Select(b => (Operation)new Buy(b)),
        Gen.Select(Shopper, Key, Code, (s, k, c) => new FcodeRedemption(s, k, c)).Array[1, 4].Select(b => (Operation)new Redeem(b)),
        Gen.Select(Code, Shopper.Null(), Shopper, (c, asking, to) => (Operation)new Transfer(c, asking, to)),
        Code.Select(c => (Operation)new Revoke(c)));

    private static readonly Gen<(int Stock, int FcodeStock, int Limit, Operation[] Steps)> Runs =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[1, 2], Steps.Array[1, 12]);

    private StockStore Store => redis.Store;

    [Fact]
    public async Task Every_step_is_answered_as_the_model_answers_and_Redis_ends_where_the_model_does()
    {
        await Runs.SampleAsync(async (stock, fcodeStock, limit, steps) =>
        {
            var sale = await redis.CreateSaleAsync(stock, limit, fcodeStock: fcodeStock);
            await redis.Fcodes.LoadAsync(sale.SaleId, Issued);
            var model = new SaleModel(sale.SaleId, stock, fcodeStock, limit, Issued);

            foreach (var step in steps)
            {
                switch (step)
                {
                    case Buy buy:
                        var bought = await Store.PurchaseAsync(sale.SaleId, buy.Batch);
                        Assert.Equal(buy.Batch.Select(model.Buy).ToArray(), bought.Select(r => (r.Result.Outcome, r.Result.OrderId)).ToArray());
                        break;
                    case Redeem redeem:
                        var redeemed = await Store.RedeemFcodesAsync(sale.SaleId, redeem.Batch);
                        Assert.Equal(redeem.Batch.Select(model.Redeem).ToArray(), redeemed.Select(r => (r.Outcome, r.OrderId)).ToArray());
                        break;
                    case Transfer transfer:
                        var (transferred, _) = await redis.Fcodes.ChangeAsync(sale.SaleId, FcodeChange.Transfer(transfer.Code, transfer.AskingOwner, "actor", transfer.To));
                        Assert.Equal(model.Change(transfer.Code, transfer.AskingOwner, transfer.To), transferred);
                        break;
                    case Revoke revoke:
                        var (revoked, _) = await redis.Fcodes.ChangeAsync(sale.SaleId, FcodeChange.Revoke(revoke.Code, "actor"));
                        Assert.Equal(model.Change(revoke.Code, null, null), revoked);
                        break;
                }
            }

            var snapshot = (await Store.GetSnapshotAsync(sale.SaleId))!;
            Assert.Equal((model.Remaining, model.Sold, model.FcodeRemaining), (snapshot.Remaining, snapshot.Confirmed, snapshot.FcodeRemaining));
            foreach (var (code, expected) in model.Codes)
            {
                var live = (await redis.Fcodes.GetAsync(sale.SaleId, code))!;
                Assert.Equal(expected, new SaleModel.CodeState(live.OwnerId ?? "", live.State, live.OrderId, live.Version));
            }
            Assert.Equal(model.Outbox, SaleModel.Lines(await redis.PeekOutboxAsync(sale.SaleId)));
        }, output.WriteLine, iter: 1000, print: run => JsonSerializer.Serialize(new { Stock = run.Item1, FcodeStock = run.Item2, Limit = run.Item3, Steps = run.Item4.Cast<object>() }));
    }

    public abstract record Operation;

    public sealed record Buy(PurchaseRequest[] Batch) : Operation;

    public sealed record Redeem(FcodeRedemption[] Batch) : Operation;

    /// <param name="AskingOwner">The shopper asking, who must own the code; null when ops transfer it.</param>
    public sealed record Transfer(string Code, string? AskingOwner, string To) : Operation;

    public sealed record Revoke(string Code) : Operation;
}
