using FlashSale.Abstractions.Purchases;

namespace FlashSale.Grains.Tests;

/// <summary>What callers of a grain see when Redis stops answering it.</summary>
public sealed class RedisStallTests(SmallWaitingRoomFixture fixture) : IClassFixture<SmallWaitingRoomFixture>
{
    [Fact]
    public async Task A_purchase_that_outlasts_the_redis_timeout_fails_with_that_timeout_on_the_callers_side()
    {
        var grain = await fixture.CreateSaleAsync(stock: 5);
        fixture.RedisLink.Hold();
        Exception failure;
        try
        {
            failure = await Assert.ThrowsAnyAsync<Exception>(() => grain.Purchase(new PurchaseRequest("alice", "k")));
        }
        finally
        {
            fixture.RedisLink.Release();
        }

        // The API answers a timeout 503 with Retry-After; an exception the caller cannot read would be a 500.
        Assert.IsAssignableFrom<TimeoutException>(failure);
        // The timed-out script may reach Redis before the retry, after it (the client may have reconnected while the
        // link was held, and the new connection's bytes overtake the old one's), or not at all if it timed out
        // before it was written: whichever, the key buys one unit, once.
        var retry = await grain.Purchase(new PurchaseRequest("alice", "k"));
        Assert.Contains(retry.Outcome, new[] { PurchaseOutcome.Replayed, PurchaseOutcome.Purchased });
        Assert.Equal(1, (await fixture.Store.GetSnapshotAsync(grain.GetPrimaryKeyString()))!.Confirmed);
    }
}
