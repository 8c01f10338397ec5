using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Sales;

namespace FlashSale.Grains.Tests;

internal static class WaitingRoomAnswers
{
    /// <summary>Sends every request at once, then follows each ticket until it is answered.</summary>
    /// <returns>Each purchase's final answer, in request order: served at once, or what its ticket came to.</returns>
    public static async Task<PurchaseResult[]> PurchaseAllAsync(ISkuGrain grain, IReadOnlyList<PurchaseRequest> requests, TimeSpan? timeout = null)
    {
        var first = await Task.WhenAll(requests.Select(grain.Purchase));
        return await FollowAsync(grain, requests, first, timeout);
    }

    public static async Task<PurchaseResult[]> FollowAsync(
        ISkuGrain grain, IReadOnlyList<PurchaseRequest> requests, IReadOnlyList<PurchaseResult> first, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var answers = first.ToArray();
        while (answers.Any(a => a.Outcome == PurchaseOutcome.Queued))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{answers.Count(a => a.Outcome == PurchaseOutcome.Queued)} tickets were still queued.");
            await Task.Delay(50);
            for (var i = 0; i < answers.Length; i++)
            {
                if (answers[i].Ticket is { } ticket)
                {
                    var status = await grain.GetTicket(ticket.TicketId, requests[i].ShopperId);
                    Assert.NotNull(status);
                    answers[i] = status.State switch
                    {
                        TicketState.Queued => answers[i],
                        TicketState.SoldOut => new PurchaseResult(PurchaseOutcome.SoldOut),
                        _ => status.Result!,
                    };
                }
            }
        }
        return answers;
    }
}
