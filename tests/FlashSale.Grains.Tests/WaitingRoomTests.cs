using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Sales;

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
        var now = DateTimeOffset.UtcNow;
        var grain = await fixture.CreateAsync(new SaleDefinition(Guid.NewGuid().ToString("N"), "sku", "phone", 1, 0, 1, now.AddMinutes(-1), now.AddHours(1), 1));

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
    public async Task When_the_last_hold_is_paid_everyone_still_waiting_is_told_sold_out()
    {
        var now = DateTimeOffset.UtcNow;
        var grain = await fixture.CreateAsync(new SaleDefinition(Guid.NewGuid().ToString("N"), "sku", "phone", 1, 0, 1, now.AddMinutes(-1), now.AddHours(1), 60));

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
