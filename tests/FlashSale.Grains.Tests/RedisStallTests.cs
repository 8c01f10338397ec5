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
        Assert.Equal(PurchaseOutcome.Replayed, (await grain.Purchase(new PurchaseRequest("alice", "k"))).Outcome);
    }
}
