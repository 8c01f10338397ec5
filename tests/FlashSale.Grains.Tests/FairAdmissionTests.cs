using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Sales;

namespace FlashSale.Grains.Tests;

/// <summary>
/// The admission draw: shoppers who arrive before a session opens are served in a random order, so arriving
/// first (the fastest connection, a bot) buys no better chance. Real Redis, a real grain, a fixed seed.
/// </summary>
public sealed class FairAdmissionTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private const long Seed = 20_140_812; // the Redmi 1S launch day

    [Fact]
    public async Task Early_arrivals_win_with_a_probability_that_does_not_depend_on_their_arrival_order()
    {
        const int Shoppers = 10_000, Units = 100, Groups = 10;
        var (grain, requests) = await RegisteredSaleAsync(Shoppers, Units, opensIn: TimeSpan.FromSeconds(8));

        var answers = await ArriveInOrderThenFollowAsync(grain, requests);

        // Winners per tenth of the arrival order: 10 each if arrival order does not matter. Pearson's chi-square
        // with 9 degrees of freedom stays under 21.67 with 99% probability; first come, first served would put all
        // 100 winners in the first tenth (chi-square 900).
        var winnersPerGroup = new int[Groups];
        for (var i = 0; i < Shoppers; i++)
        {
            if (answers[i].Outcome == PurchaseOutcome.Purchased)
            {
                winnersPerGroup[i * Groups / Shoppers]++;
            }
        }
        var expected = (double)Units / Groups;
        var chiSquare = winnersPerGroup.Sum(w => (w - expected) * (w - expected) / expected);
        Assert.Equal(Units, winnersPerGroup.Sum());
        Assert.Equal(Shoppers - Units, answers.Count(a => a.Outcome == PurchaseOutcome.SoldOut));
        Assert.True(chiSquare < 21.67, $"winners per tenth of the arrival order: [{string.Join(", ", winnersPerGroup)}], chi-square {chiSquare:F1}");
    }

    [Fact]
    public async Task The_same_seed_and_shoppers_draw_the_same_winners_whatever_order_they_arrive_in()
    {
        const int Shoppers = 1_000, Units = 20;
        var (forward, requests) = await RegisteredSaleAsync(Shoppers, Units, opensIn: TimeSpan.FromSeconds(4));
        var (backward, _) = await RegisteredSaleAsync(Shoppers, Units, opensIn: TimeSpan.FromSeconds(4));

        var inOrder = ArriveInOrderThenFollowAsync(forward, requests);
        var reversed = ArriveInOrderThenFollowAsync(backward, [.. requests.Reverse()]);
        var winnersInOrder = Winners(requests, await inOrder);
        var winnersReversed = Winners([.. requests.Reverse()], await reversed);

        Assert.Equal(Units, winnersInOrder.Count);
        Assert.Equal(winnersInOrder, winnersReversed);
    }

    [Fact]
    public async Task A_shopper_enters_the_draw_once_per_unit_they_may_buy_however_many_keys_they_send()
    {
        var now = DateTimeOffset.UtcNow;
        var grain = await fixture.CreateAsync(new SaleDefinition(
            Guid.NewGuid().ToString("N"), "redmi-1s", "Redmi 1S", 10, 0, 2, now.AddSeconds(3), now.AddHours(1), 0) { AdmissionSeed = Seed });
        PurchaseRequest[] bot = [.. Enumerable.Range(0, 20).Select(i => new PurchaseRequest("bot", $"key-{i}"))];

        var entries = new List<PurchaseResult>();
        foreach (var request in bot)
        {
            entries.Add(await grain.Purchase(request));
        }
        var retried = await grain.Purchase(bot[0]);

        Assert.Equal([PurchaseOutcome.Queued, PurchaseOutcome.Queued, .. Enumerable.Repeat(PurchaseOutcome.TooManyTickets, 18)], entries.Select(e => e.Outcome));
        Assert.Equal(entries[0].Ticket!.TicketId, retried.Ticket!.TicketId);
        var answers = await WaitingRoomAnswers.FollowAsync(grain, bot[..2], [.. entries.Take(2)], TimeSpan.FromSeconds(30));
        Assert.All(answers, a => Assert.Equal(PurchaseOutcome.Purchased, a.Outcome));
        // Answered tickets no longer count: the bot may try again, and the purchase script then holds it to its limit.
        Assert.Equal(PurchaseOutcome.LimitReached, (await grain.Purchase(new PurchaseRequest("bot", "after"))).Outcome);
    }

    private async Task<(ISkuGrain Grain, PurchaseRequest[] Requests)> RegisteredSaleAsync(int shoppers, int units, TimeSpan opensIn)
    {
        var now = DateTimeOffset.UtcNow;
        var grain = await fixture.CreateAsync(new SaleDefinition(
            Guid.NewGuid().ToString("N"), "redmi-1s", "Redmi 1S", units, 0, 1, now + opensIn, now.AddHours(1), 0, RequiresRegistration: true)
        {
            AdmissionSeed = Seed,
        });
        var saleId = grain.GetPrimaryKeyString();
        var requests = Enumerable.Range(0, shoppers).Select(i => new PurchaseRequest($"fan-{i:D5}", "launch")).ToArray();
        await Task.WhenAll(requests.Select(r => fixture.Store.RegisterAsync(saleId, r.ShopperId)));
        return (grain, requests);
    }

    /// <summary>Arrivals in waves of 100, each wave after the one before, all before the sale opens.</summary>
    private static async Task<PurchaseResult[]> ArriveInOrderThenFollowAsync(ISkuGrain grain, PurchaseRequest[] requests)
    {
        var first = new List<PurchaseResult>();
        foreach (var wave in requests.Chunk(100))
        {
            first.AddRange(await Task.WhenAll(wave.Select(grain.Purchase)));
        }
        Assert.All(first, r => Assert.Equal((PurchaseOutcome.Queued, null), (r.Outcome, r.Ticket!.Position)));
        return await WaitingRoomAnswers.FollowAsync(grain, requests, first, TimeSpan.FromSeconds(60));
    }

    private static SortedSet<string> Winners(PurchaseRequest[] requests, PurchaseResult[] answers) =>
        new(requests.Where((_, i) => answers[i].Outcome == PurchaseOutcome.Purchased).Select(r => r.ShopperId), StringComparer.Ordinal);
}
