using System.Text.Json;
using CsCheck;
using FlashSale.Abstractions.Purchases;
using Xunit.Abstractions;

namespace FlashSale.Stock.Tests;

/// <summary>
/// The F-code scripts (<c>fcode_purchase.lua</c>, <c>fcode_change.lua</c>) and <c>purchase.lua</c> against one model,
/// as they share a sale's idempotency keys and order numbers. Random runs of purchases, redemptions, transfers and
/// revocations over three codes (two owned, one bearer) and a code nobody issued get the model's answers; Redis
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
            var model = new Model(sale.SaleId, stock, fcodeStock, limit);

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
            Assert.Equal((model.Remaining, model.Confirmed, model.FcodeRemaining), (snapshot.Remaining, snapshot.Confirmed, snapshot.FcodeRemaining));
            foreach (var (code, expected) in model.Codes)
            {
                var live = (await redis.Fcodes.GetAsync(sale.SaleId, code))!;
                Assert.Equal(expected, new CodeState(live.OwnerId ?? "", live.State, live.OrderId, live.Version));
            }
            var outbox = (await redis.PeekOutboxAsync(sale.SaleId)).SelectMany(e => e.FcodeEvent is { } fe
                ? [$"{fe.Kind} {fe.Code} {fe.FromOwner}>{fe.ToOwner} v{fe.Version}"]
                : e.Orders.Select(o => $"order {o.OrderId} {o.ShopperId} {o.Fcode} v{o.FcodeVersion}"));
            Assert.Equal(model.Outbox, outbox);
        }, output.WriteLine, iter: 1000, print: run => JsonSerializer.Serialize(new { Stock = run.Item1, FcodeStock = run.Item2, Limit = run.Item3, Steps = run.Item4.Cast<object>() }));
    }

    public abstract record Operation;

    public sealed record Buy(PurchaseRequest[] Batch) : Operation;

    public sealed record Redeem(FcodeRedemption[] Batch) : Operation;

    /// <param name="AskingOwner">The shopper asking, who must own the code; null when ops transfer it.</param>
    public sealed record Transfer(string Code, string? AskingOwner, string To) : Operation;

    public sealed record Revoke(string Code) : Operation;

    private sealed record CodeState(string Owner, string State, string? OrderId, long Version);

    /// <summary>A sale's general pool, F-code allocation and codes, one request at a time, in order.</summary>
    private sealed class Model(string saleId, int stock, int fcodeStock, int limit)
    {
        private readonly Dictionary<(string Shopper, string Key), (string OrderId, string Fcode)> _answered = [];
        private readonly Dictionary<string, int> _units = [];
        private int _seq;

        /// <summary>An issued code is at version 1; every change and the redemption add one.</summary>
        public Dictionary<string, CodeState> Codes { get; } = Issued.ToDictionary(c => c.Code, c => new CodeState(c.OwnerId ?? "", "active", null, 1));

        public int Confirmed { get; private set; }

        public int Remaining => stock - Confirmed;

        public int FcodeRemaining => fcodeStock - Codes.Values.Count(c => c.State == "redeemed");

        public List<string> Outbox { get; } = [];

        public (PurchaseOutcome, string?) Buy(PurchaseRequest request)
        {
            if (_answered.TryGetValue((request.ShopperId, request.IdempotencyKey), out var prior))
            {
                return prior.Fcode == "" ? (PurchaseOutcome.Replayed, prior.OrderId) : (PurchaseOutcome.IdempotencyKeyReused, null);
            }
            if (Remaining == 0)
            {
                return (PurchaseOutcome.SoldOut, null);
            }
            if (_units.GetValueOrDefault(request.ShopperId) == limit)
            {
                return (PurchaseOutcome.LimitReached, null);
            }
            Confirmed++;
            _units[request.ShopperId] = _units.GetValueOrDefault(request.ShopperId) + 1;
            return (PurchaseOutcome.Purchased, NewOrder(request.ShopperId, request.IdempotencyKey, "", null));
        }

        public (PurchaseOutcome, string?) Redeem(FcodeRedemption redemption)
        {
            if (_answered.TryGetValue((redemption.ShopperId, redemption.IdempotencyKey), out var prior))
            {
                return prior.Fcode == redemption.Code ? (PurchaseOutcome.Replayed, prior.OrderId) : (PurchaseOutcome.IdempotencyKeyReused, null);
            }
            if (!Codes.TryGetValue(redemption.Code, out var code))
            {
                return (PurchaseOutcome.FcodeInvalid, null);
            }
            if (Refusal(code) is { } refusal)
            {
                return (refusal == FcodeChangeOutcome.Used ? PurchaseOutcome.FcodeUsed : PurchaseOutcome.FcodeRevoked, null);
            }
            if (code.Owner != "" && code.Owner != redemption.ShopperId)
            {
                return (PurchaseOutcome.FcodeNotOwner, null);
            }
            if (FcodeRemaining == 0)
            {
                return (PurchaseOutcome.FcodeStockExhausted, null);
            }
            var redeemed = code with { State = "redeemed", Version = code.Version + 1 };
            var orderId = NewOrder(redemption.ShopperId, redemption.IdempotencyKey, redemption.Code, redeemed.Version);
            Codes[redemption.Code] = redeemed with { OrderId = orderId };
            return (PurchaseOutcome.Purchased, orderId);
        }

        /// <param name="newOwner">The transfer's new owner; null revokes.</param>
        public FcodeChangeOutcome Change(string codeName, string? askingOwner, string? newOwner)
        {
            if (!Codes.TryGetValue(codeName, out var code))
            {
                return FcodeChangeOutcome.Invalid;
            }
            if (Refusal(code) is { } refusal)
            {
                return refusal;
            }
            if (askingOwner is not null && code.Owner != askingOwner)
            {
                return FcodeChangeOutcome.NotOwner;
            }
            var changed = newOwner is null
                ? code with { State = "revoked", Version = code.Version + 1 }
                : code with { Owner = newOwner, Version = code.Version + 1 };
            Codes[codeName] = changed;
            Outbox.Add($"{(newOwner is null ? "revoked" : "transferred")} {codeName} {code.Owner}>{changed.Owner} v{changed.Version}");
            return FcodeChangeOutcome.Changed;
        }

        private static FcodeChangeOutcome? Refusal(CodeState code) => code.State switch
        {
            "redeemed" => FcodeChangeOutcome.Used,
            "revoked" => FcodeChangeOutcome.Revoked,
            _ => null,
        };

        private string NewOrder(string shopper, string key, string fcode, long? version)
        {
            var orderId = $"{saleId}-{++_seq}";
            _answered[(shopper, key)] = (orderId, fcode);
            Outbox.Add($"order {orderId} {shopper} {(fcode == "" ? null : fcode)} v{version}");
            return orderId;
        }
    }
}
