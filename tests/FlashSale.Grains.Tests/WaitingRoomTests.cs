using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Sales;
using FlashSale.Testing;

namespace FlashSale.Grains.Tests;

/// <summary>The waiting room's bounds and its claim on units that come back, with tiny limits and the real Redis.</summary>
public sealed class WaitingRoomTests(SmallWaitingRoomFixture fixture) : IClassFixture<SmallWaitingRoomFixture>
{
    [Fact]
    public async Task Past_its_bound_the_waiting_room_answers_busy_while_units_remain_and_serves_everyone_it_took()
    {
        var grain = await fixture.CreateSaleAsync(stock: 100);
        PurchaseRequest[] requests = [.. Enumerable.Range(0, 40).Select(i => new PurchaseRequest($"s{i}", "k"))];

        var first = await Task.WhenAll(requests.Select(grain.Purchase));
        var answers = await WaitingRoomAnswers.FollowAsync(grain, requests, first);

        // The bound caps how many wait at once; as the line drains, more join, so more than the bound may queue in all.
        Assert.Contains(first, r => r.Outcome == PurchaseOutcome.Queued);
        Assert.Contains(first, r => r.Outcome == PurchaseOutcome.Busy);
        Assert.Equal(40, first.Count(r => r.Outcome is PurchaseOutcome.Purchased or PurchaseOutcome.Queued or PurchaseOutcome.Busy));
        Assert.All(answers.Where((_, i) => first[i].Outcome == PurchaseOutcome.Queued), a => Assert.Equal(PurchaseOutcome.Purchased, a.Outcome));
        var sold = answers.Count(a => a.Outcome == PurchaseOutcome.Purchased);
        Assert.Equal(100 - sold, (await grain.GetSnapshot())!.Remaining);
    }

    [Fact]
    public async Task A_lapsed_unit_goes_to_the_head_of_the_waiting_room_and_nobody_waits_beyond_the_units_held()
    {
        var grain = await fixture.CreateSaleAsync(stock: 1, paymentWindowSeconds: 1);

        var alice = await grain.Purchase(new("alice", "k"));
        var bob = await grain.Purchase(new("bob", "k"));
        var carol = await grain.Purchase(new("carol", "k"));
        var bobFinally = await WaitingRoomAnswers.FollowAsync(grain, [new("bob", "k")], [bob]);
        var aliceLate = await grain.Pay(alice.OrderId!, "alice");

        Assert.Equal((PurchaseOutcome.Purchased, OrderState.Held), (alice.Outcome, alice.State));
        Assert.Equal(PurchaseOutcome.Queued, bob.Outcome); // one unit held: one shopper may wait for it
        Assert.Equal(PurchaseOutcome.SoldOut, carol.Outcome); // a second would wait for nothing
        Assert.Equal((PurchaseOutcome.Purchased, OrderState.Held), (bobFinally[0].Outcome, bobFinally[0].State));
        Assert.Equal(PaymentOutcome.HoldExpired, aliceLate.Outcome);
    }

    [Fact]
    public async Task A_winner_who_retries_while_nobody_more_may_wait_gets_its_order_back_not_sold_out()
    {
        var grain = await fixture.CreateSaleAsync(stock: 1, paymentWindowSeconds: 60);

        var alice = await grain.Purchase(new("alice", "k"));
        var bob = await grain.Purchase(new("bob", "k"));
        var carol = await grain.Purchase(new("carol", "k"));
        var aliceAgain = await grain.Purchase(new("alice", "k"));

        Assert.Equal((PurchaseOutcome.Queued, PurchaseOutcome.SoldOut), (bob.Outcome, carol.Outcome));
        Assert.Equal(new PurchaseResult(PurchaseOutcome.Replayed, alice.OrderId, OrderState.Held, alice.PayBy), aliceAgain);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60)]
    public async Task A_winners_retry_that_joined_the_line_gets_its_order_once_the_pool_is_empty(int paymentWindowSeconds)
    {
        var grain = await fixture.CreateSaleAsync(stock: 2, paymentWindowSeconds: paymentWindowSeconds);
        var alice = await grain.Purchase(new("alice", "k"));
        // While Redis is held, two purchases fill the room's scripts in flight, so the retry behind them joins the
        // line; whichever reaches Redis first takes the last unit, so nobody in the line is served.
        fixture.RedisLink.Hold();
        Task<PurchaseResult>[] lastTwo;
        PurchaseResult retry;
        try
        {
            lastTwo = [grain.Purchase(new("bob", "k")), grain.Purchase(new("carol", "k"))];
            await Waiting.UntilAsync(() => Task.FromResult(fixture.RedisLink.HeldText is var sent && sent.Contains("bob") && sent.Contains("carol")),
                "Both purchases' scripts reaching the held link");
            retry = await grain.Purchase(new("alice", "k"));
        }
        finally
        {
            fixture.RedisLink.Release();
        }
        var lastUnits = await Task.WhenAll(lastTwo);

        var ticket = await grain.GetTicket(retry.Ticket!.TicketId, "alice");
        var retriedAgain = await grain.Purchase(new("alice", "k"));

        Assert.Equal(PurchaseOutcome.Queued, retry.Outcome);
        Assert.Single(lastUnits, r => r.Outcome == PurchaseOutcome.Purchased);
        Assert.Equal((TicketState.Won, PurchaseOutcome.Replayed, alice.OrderId), (ticket!.State, ticket.Result?.Outcome, ticket.Result?.OrderId));
        Assert.Equal((PurchaseOutcome.Replayed, alice.OrderId), (retriedAgain.Outcome, retriedAgain.OrderId));
    }

    [Fact]
    public async Task Orders_made_after_the_pool_first_emptied_are_replayed_too()
    {
        var grain = await fixture.CreateSaleAsync(stock: 2, paymentWindowSeconds: 1);
        Assert.All([await grain.Purchase(new("alice", "k")), await grain.Purchase(new("bob", "k"))], r => Assert.Equal(PurchaseOutcome.Purchased, r.Outcome));
        // Both holds lapse unpaid, and the units go back to the pool.
        await Waiting.UntilAsync(async () => (await grain.GetSnapshot())!.Remaining == 2, "The holds' lapse", TimeSpan.FromSeconds(10));

        var carol = await grain.Purchase(new("carol", "k"));
        var dave = await grain.Purchase(new("dave", "k"));
        var waiting = await Task.WhenAll(grain.Purchase(new("erin", "k")), grain.Purchase(new("frank", "k")));
        var carolAgain = await grain.Purchase(new("carol", "k"));

        Assert.Equal((PurchaseOutcome.Purchased, PurchaseOutcome.Purchased), (carol.Outcome, dave.Outcome));
        Assert.All(waiting, r => Assert.Equal(PurchaseOutcome.Queued, r.Outcome));
        Assert.Equal((PurchaseOutcome.Replayed, carol.OrderId), (carolAgain.Outcome, carolAgain.OrderId));
    }

    [Fact]
    public async Task When_the_last_hold_is_paid_everyone_still_waiting_is_told_sold_out()
    {
        var grain = await fixture.CreateSaleAsync(stock: 1, paymentWindowSeconds: 60);

        var alice = await grain.Purchase(new("alice", "k"));
        var bob = await grain.Purchase(new("bob", "k"));
        var paid = await grain.Pay(alice.OrderId!, "alice");
        var ticket = await grain.GetTicket(bob.Ticket!.TicketId, "bob");

        Assert.Equal(PurchaseOutcome.Queued, bob.Outcome);
        Assert.Equal(PaymentOutcome.Paid, paid.Outcome);
        Assert.Equal(TicketState.SoldOut, ticket!.State);
        Assert.Null(await grain.GetTicket(bob.Ticket.TicketId, "mallory"));
    }
}
