using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Sales;
using StackExchange.Redis;

namespace FlashSale.Grains.Tests;

public sealed class SkuGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Concurrent_purchases_through_the_grain_sell_exactly_the_stock()
    {
        var grain = await fixture.CreateSaleAsync(stock: 100);

        var answers = await WaitingRoomAnswers.PurchaseAllAsync(grain, [.. Enumerable.Range(0, 300).Select(i => new PurchaseRequest($"shopper-{i}", "k"))]);

        Assert.Equal(100, answers.Count(r => r.Outcome == PurchaseOutcome.Purchased));
        Assert.Equal(200, answers.Count(r => r.Outcome == PurchaseOutcome.SoldOut));
        Assert.Equal(100, answers.Where(r => r.Succeeded).Select(r => r.OrderId).Distinct().Count());
        var snapshot = await grain.GetSnapshot();
        Assert.Equal(0, snapshot!.Remaining);
        Assert.Equal(SaleState.SoldOut, snapshot.State);
    }

    [Fact]
    public async Task Once_sold_out_the_grain_answers_from_memory_without_asking_redis()
    {
        var grain = await fixture.CreateSaleAsync(stock: 1);
        var saleId = grain.GetPrimaryKeyString();
        var won = await grain.Purchase(new("alice", "k"));
        Assert.Equal(PurchaseOutcome.SoldOut, (await grain.Purchase(new("bob", "k"))).Outcome);

        // Behind the grain's back, put stock into Redis: a grain that still asked Redis would now sell it.
        await fixture.Redis.GetDatabase().HashSetAsync(fixture.Store.KeysFor(saleId).Sale, "remaining", 5);

        Assert.Equal(PurchaseOutcome.SoldOut, (await grain.Purchase(new("carol", "k"))).Outcome);
        var replay = await grain.Purchase(new("alice", "k"));
        Assert.Equal(PurchaseOutcome.Replayed, replay.Outcome);
        Assert.Equal(won.OrderId, replay.OrderId);
        Assert.Equal(5, (await fixture.Store.GetSnapshotAsync(saleId))!.Remaining);
    }

    [Fact]
    public async Task Once_sold_out_the_grain_refuses_a_purchase_reusing_the_key_of_an_fcode_redeemed_since()
    {
        var grain = await fixture.CreateSaleAsync(stock: 1, fcodeStock: 1);
        var saleId = grain.GetPrimaryKeyString();
        await grain.Purchase(new("alice", "k"));
        // Answered from memory: the grain has read the sale's orders from Redis, before carol's exists.
        Assert.Equal(PurchaseOutcome.SoldOut, (await grain.Purchase(new("bob", "k"))).Outcome);
        await fixture.Fcodes.LoadAsync(saleId, [new("CODE1", "carol", null)]);

        var redeemed = await fixture.Cluster.GrainFactory.GetGrain<IPriorityGrain>(saleId).Redeem(new("carol", "k", "CODE1"));
        var reused = await grain.Purchase(new("carol", "k"));

        Assert.Equal(PurchaseOutcome.Purchased, redeemed.Outcome);
        Assert.Equal(PurchaseOutcome.IdempotencyKeyReused, reused.Outcome); // as purchase.lua answers such a key
    }

    [Fact]
    public async Task The_grain_reports_redis_answers_unchanged()
    {
        var grain = await fixture.CreateSaleAsync(stock: 5, limit: 1);

        var first = await grain.Purchase(new("alice", "1"));
        var second = await grain.Purchase(new("alice", "2"));
        var replay = await grain.Purchase(new("alice", "1"));

        Assert.Equal(PurchaseOutcome.Purchased, first.Outcome);
        Assert.Equal(PurchaseOutcome.LimitReached, second.Outcome);
        Assert.Equal(new PurchaseResult(PurchaseOutcome.Replayed, first.OrderId, OrderState.Confirmed), replay);
    }

    [Fact]
    public async Task Sale_grains_built_from_cached_types_are_the_grains_orleans_would_give()
    {
        var grain = await fixture.CreateSaleAsync(stock: 3);
        var saleId = grain.GetPrimaryKeyString();
        var sales = new SaleGrains(fixture.Cluster.GrainFactory);

        Assert.Equal(grain, sales.Sku(saleId));
        Assert.Equal(fixture.Cluster.GrainFactory.GetGrain<IPriorityGrain>(saleId), sales.Priority(saleId));
        Assert.NotEqual(sales.Sku(saleId), sales.Sku(saleId + "0"));
        Assert.Equal(PurchaseOutcome.Purchased, (await sales.Sku(saleId).Purchase(new("alice", "k"))).Outcome);
        Assert.Equal(2, (await grain.GetSnapshot())!.Remaining);
    }

    [Fact]
    public async Task A_grain_refuses_to_create_another_sale_than_its_own()
    {
        var grain = fixture.Cluster.GrainFactory.GetGrain<ISkuGrain>(Guid.NewGuid().ToString("N"));
        var now = DateTimeOffset.UtcNow;
        var other = new SaleDefinition(Guid.NewGuid().ToString("N"), "sku", "name", 1, 0, 1, now, now.AddHours(1), 0);

        await Assert.ThrowsAsync<ArgumentException>(() => grain.Create(other));
        Assert.Null(await fixture.Store.GetSnapshotAsync(other.SaleId));
    }

    [Fact]
    public async Task Requests_for_sales_that_do_not_exist_leave_no_activation_behind()
    {
        var before = await ActivationsAsync();
        var saleIds = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid().ToString("N")).ToList();

        foreach (var saleId in saleIds)
        {
            Assert.Null(await fixture.Cluster.GrainFactory.GetGrain<ISkuGrain>(saleId).GetSnapshot());
            Assert.Equal(PurchaseOutcome.UnknownSale, (await fixture.Cluster.GrainFactory.GetGrain<ISkuGrain>(saleId).Purchase(new("mallory", "k"))).Outcome);
            Assert.Equal(PurchaseOutcome.UnknownSale, (await fixture.Cluster.GrainFactory.GetGrain<IPriorityGrain>(saleId).Redeem(new("mallory", "k", "CODE1"))).Outcome);
        }

        // Deactivation follows each call a moment later; before, all forty activations stayed until idle collection.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var after = await ActivationsAsync();
        while (after > before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            after = await ActivationsAsync();
        }
        Assert.True(after <= before, $"{before} sale grain activations before, {after} after");
    }

    /// <summary>Activations of the sale grains (SKU and priority) in the cluster.</summary>
    private async Task<int> ActivationsAsync()
    {
        var statistics = await fixture.Cluster.GrainFactory.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains(nameof(SkuGrain), StringComparison.Ordinal) || s.GrainType.Contains(nameof(PriorityGrain), StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);
    }
}
