using FlashSale.Abstractions.Purchases;

namespace FlashSale.Stock.Tests;

/// <summary>The boundaries of <c>fcode_purchase.lua</c>, <c>fcode_change.lua</c> and <c>release_fcode_stock.lua</c>.</summary>
public sealed class FcodeScriptTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private StockStore Store => redis.Store;
    private FcodeStore Codes => redis.Fcodes;

    [Fact]
    public async Task The_last_fcode_unit_is_redeemed_and_the_next_code_finds_the_allocation_empty()
    {
        var sale = await redis.CreateSaleAsync(stock: 3, fcodeStock: 1);
        await Codes.LoadAsync(sale.SaleId, [new("CODE1", "alice", null), new("CODE2", "bob", null)]);

        var last = await Store.RedeemAsync(sale.SaleId, new("alice", "k", "CODE1"));
        var onePast = await Store.RedeemAsync(sale.SaleId, new("bob", "k", "CODE2"));

        Assert.Equal(PurchaseOutcome.Purchased, last.Outcome);
        Assert.Equal(PurchaseOutcome.FcodeStockExhausted, onePast.Outcome);
        var snapshot = await Store.GetSnapshotAsync(sale.SaleId);
        Assert.Equal((3, 0), (snapshot!.Remaining, snapshot.FcodeRemaining));
        Assert.Equal("active", (await Codes.GetAsync(sale.SaleId, "CODE2"))!.State);
        Assert.Equal("CODE1", (await Store.GetOrderAsync(sale.SaleId, last.OrderId!))!.Fcode);
    }

    [Fact]
    public async Task A_redeemed_code_replays_for_its_key_and_is_used_for_any_other()
    {
        var sale = await redis.CreateSaleAsync(stock: 1, fcodeStock: 5);
        await Codes.LoadAsync(sale.SaleId, [new("CODE1", "alice", null)]);

        var first = await Store.RedeemAsync(sale.SaleId, new("alice", "k", "CODE1"));
        var replay = await Store.RedeemAsync(sale.SaleId, new("alice", "k", "CODE1"));
        var again = await Store.RedeemAsync(sale.SaleId, new("alice", "other-key", "CODE1"));

        Assert.Equal(new PurchaseResult(PurchaseOutcome.Replayed, first.OrderId, OrderState.Confirmed), replay);
        Assert.Equal(PurchaseOutcome.FcodeUsed, again.Outcome);
        Assert.Equal(4, (await Store.GetSnapshotAsync(sale.SaleId))!.FcodeRemaining);
    }

    [Fact]
    public async Task A_key_first_used_for_another_request_is_refused_and_changes_nothing()
    {
        var sale = await redis.CreateSaleAsync(stock: 5, fcodeStock: 5);
        await Codes.LoadAsync(sale.SaleId, [new("CODE1", "alice", null), new("CODE2", "alice", null)]);

        var bought = await Store.BuyAsync(sale.SaleId, new("alice", "k"));
        var redeemWithBuyKey = await Store.RedeemAsync(sale.SaleId, new("alice", "k", "CODE1"));
        var redeemed = await Store.RedeemAsync(sale.SaleId, new("alice", "k2", "CODE1"));
        var otherCodeSameKey = await Store.RedeemAsync(sale.SaleId, new("alice", "k2", "CODE2"));
        var buyWithRedeemKey = await Store.BuyAsync(sale.SaleId, new("alice", "k2"));

        Assert.Equal(PurchaseOutcome.Purchased, bought.Outcome);
        Assert.Equal(PurchaseOutcome.IdempotencyKeyReused, redeemWithBuyKey.Outcome);
        Assert.Equal(PurchaseOutcome.Purchased, redeemed.Outcome);
        Assert.Equal(PurchaseOutcome.IdempotencyKeyReused, otherCodeSameKey.Outcome);
        Assert.Equal(PurchaseOutcome.IdempotencyKeyReused, buyWithRedeemKey.Outcome);
        var snapshot = await Store.GetSnapshotAsync(sale.SaleId);
        Assert.Equal((4, 4), (snapshot!.Remaining, snapshot.FcodeRemaining));
        Assert.Equal("active", (await Codes.GetAsync(sale.SaleId, "CODE2"))!.State);
    }

    [Fact]
    public async Task A_bearer_code_is_redeemable_by_whoever_holds_it_and_an_owned_one_only_by_its_owner()
    {
        var sale = await redis.CreateSaleAsync(stock: 1, fcodeStock: 5);
        await Codes.LoadAsync(sale.SaleId, [new("BEARER", null, null), new("OWNED", "alice", null)]);

        Assert.Equal(PurchaseOutcome.Purchased, (await Store.RedeemAsync(sale.SaleId, new("anyone", "k", "BEARER"))).Outcome);
        Assert.Equal(PurchaseOutcome.FcodeNotOwner, (await Store.RedeemAsync(sale.SaleId, new("mallory", "k", "OWNED"))).Outcome);
        Assert.Equal(PurchaseOutcome.FcodeInvalid, (await Store.RedeemAsync(sale.SaleId, new("alice", "k2", "NOSUCHCODE"))).Outcome);
        Assert.Equal(4, (await Store.GetSnapshotAsync(sale.SaleId))!.FcodeRemaining);
    }

    [Fact]
    public async Task A_transfer_moves_ownership_and_bumps_the_version_and_only_the_owner_or_ops_may_transfer()
    {
        var sale = await redis.CreateSaleAsync(stock: 1, fcodeStock: 5);
        await Codes.LoadAsync(sale.SaleId, [new("CODE1", "alice", null)]);

        Assert.Equal(FcodeChangeOutcome.NotOwner, (await Codes.ChangeAsync(sale.SaleId, FcodeChange.Transfer("CODE1", "bob", "bob", "bob"))).Outcome);
        Assert.Equal((FcodeChangeOutcome.Changed, "alice"), await Codes.ChangeAsync(sale.SaleId, FcodeChange.Transfer("CODE1", "alice", "alice", "bob")));
        Assert.Equal((FcodeChangeOutcome.Changed, "bob"), await Codes.ChangeAsync(sale.SaleId, FcodeChange.Transfer("CODE1", null, "ops", "carol")));

        var code = await Codes.GetAsync(sale.SaleId, "CODE1");
        Assert.Equal(("carol", "active", 3L), (code!.OwnerId, code.State, code.Version));
        Assert.Equal(PurchaseOutcome.FcodeNotOwner, (await Store.RedeemAsync(sale.SaleId, new("alice", "k", "CODE1"))).Outcome);
        var entries = await redis.PeekOutboxAsync(sale.SaleId);
        Assert.Equal([("alice", "bob", 2L), ("bob", "carol", 3L)], entries.Select(e => (e.FcodeEvent!.FromOwner, e.FcodeEvent.ToOwner, e.FcodeEvent.Version)));
    }

    [Theory]
    [InlineData("revoke", FcodeChangeOutcome.Revoked, PurchaseOutcome.FcodeRevoked)]
    [InlineData("redeem", FcodeChangeOutcome.Used, PurchaseOutcome.FcodeUsed)]
    public async Task A_revoked_or_redeemed_code_can_be_neither_transferred_nor_redeemed(string ending, FcodeChangeOutcome transferRefusal, PurchaseOutcome redeemRefusal)
    {
        var sale = await redis.CreateSaleAsync(stock: 1, fcodeStock: 5);
        await Codes.LoadAsync(sale.SaleId, [new("CODE1", "alice", null)]);
        if (ending == "revoke")
        {
            Assert.Equal(FcodeChangeOutcome.Changed, (await Codes.ChangeAsync(sale.SaleId, FcodeChange.Revoke("CODE1", "ops"))).Outcome);
        }
        else
        {
            Assert.Equal(PurchaseOutcome.Purchased, (await Store.RedeemAsync(sale.SaleId, new("alice", "k", "CODE1"))).Outcome);
        }

        Assert.Equal(transferRefusal, (await Codes.ChangeAsync(sale.SaleId, FcodeChange.Transfer("CODE1", null, "ops", "bob"))).Outcome);
        Assert.Equal(redeemRefusal, (await Store.RedeemAsync(sale.SaleId, new("alice", "k2", "CODE1"))).Outcome);
    }

    [Fact]
    public async Task An_expired_code_is_refused_and_reads_as_expired()
    {
        var sale = await redis.CreateSaleAsync(stock: 1, fcodeStock: 5);
        await Codes.LoadAsync(sale.SaleId, [new("CODE1", "alice", DateTimeOffset.UtcNow.AddSeconds(-1))]);

        Assert.Equal(PurchaseOutcome.FcodeExpired, (await Store.RedeemAsync(sale.SaleId, new("alice", "k", "CODE1"))).Outcome);
        Assert.Equal(FcodeChangeOutcome.Expired, (await Codes.ChangeAsync(sale.SaleId, FcodeChange.Transfer("CODE1", "alice", "alice", "bob"))).Outcome);
        Assert.Equal("expired", (await Codes.GetAsync(sale.SaleId, "CODE1"))!.State);
    }

    [Fact]
    public async Task A_batch_redeems_each_code_as_if_alone_and_its_orders_leave_in_one_outbox_entry_with_their_codes()
    {
        var sale = await redis.CreateSaleAsync(stock: 5, fcodeStock: 2);
        await Codes.LoadAsync(sale.SaleId, [new("CODE1", "alice", null), new("CODE2", "bob", null), new("CODE3", "carol", null)]);

        var replies = await Store.RedeemFcodesAsync(sale.SaleId,
            [new("alice", "k", "CODE1"), new("alice", "k2", "CODE1"), new("alice", "k", "CODE1"), new("mallory", "k", "CODE2"),
             new("bob", "k", "CODE2"), new("carol", "k", "CODE3"), new("dave", "k", "NOSUCHCODE")]);

        Assert.Equal(
            [PurchaseOutcome.Purchased, PurchaseOutcome.FcodeUsed, PurchaseOutcome.Replayed, PurchaseOutcome.FcodeNotOwner,
             PurchaseOutcome.Purchased, PurchaseOutcome.FcodeStockExhausted, PurchaseOutcome.FcodeInvalid],
            replies.Select(r => r.Outcome));
        Assert.Equal(replies[0].OrderId, replies[2].OrderId);
        // The allocation and the order sequence are written once, at the end, and a purchase after the batch goes on from them.
        var purchase = await Store.BuyAsync(sale.SaleId, new("erin", "k"));
        Assert.Equal([$"{sale.SaleId}-1", $"{sale.SaleId}-2", $"{sale.SaleId}-3"], new[] { replies[0].OrderId!, replies[4].OrderId!, purchase.OrderId! });
        var snapshot = (await Store.GetSnapshotAsync(sale.SaleId))!;
        Assert.Equal((0, 4, 1), (snapshot.FcodeRemaining, snapshot.Remaining, snapshot.Confirmed));
        // The redemptions' orders leave in one entry, in order, each with its shopper, code and the code's version after it.
        var entry = (await redis.PeekOutboxAsync(sale.SaleId))[0];
        Assert.Equal(
            [(replies[0].OrderId, "alice", "CODE1", 2L), (replies[4].OrderId, "bob", "CODE2", 2L)],
            entry.Orders.Select(o => ((string?)o.OrderId, o.ShopperId, o.Fcode, o.FcodeVersion)));
        Assert.Equal(sale.Sku, entry.Sku);
        Assert.Equal("redeemed", (await Codes.GetAsync(sale.SaleId, "CODE2"))!.State);
    }

    [Fact]
    public async Task Releasing_moves_the_unredeemed_allocation_once_and_keeps_sold_consistent()
    {
        var sale = await redis.CreateSaleAsync(stock: 2, fcodeStock: 5);
        await Codes.LoadAsync(sale.SaleId, [new("CODE1", "alice", null)]);
        await Store.RedeemAsync(sale.SaleId, new("alice", "k", "CODE1"));
        await Store.BuyAsync(sale.SaleId, new("bob", "k"));

        Assert.Equal(4, await Store.ReleaseFcodeStockAsync(sale.SaleId));
        Assert.Equal(0, await Store.ReleaseFcodeStockAsync(sale.SaleId));
        Assert.Null(await Store.ReleaseFcodeStockAsync(Guid.NewGuid().ToString("N")));

        var snapshot = await Store.GetSnapshotAsync(sale.SaleId);
        Assert.Equal((6, 5, 1, 0, 1), (snapshot!.Definition.Stock, snapshot.Remaining, snapshot.Confirmed, snapshot.FcodeRemaining, snapshot.Definition.FcodeStock));
    }
}
