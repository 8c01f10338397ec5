using FlashSale.LoadTests.Runner;

namespace FlashSale.LoadTests.Scenarios;

/// <summary>What each kind of <see cref="LaunchEvent"/> sends to the engine, and what the tracker learns from the answer.</summary>
public sealed class LaunchActions(
    EngineClient engine, string saleId, IReadOnlyDictionary<string, string> tokens, IReadOnlyDictionary<string, string> codes, Tracker tracker)
{
    /// <summary>
    /// The idempotency keys: a shopper's retries are the same request again, and a purchase and a redemption by
    /// the same shopper are two requests (the engine refuses a key reused for a different request).
    /// </summary>
    public const string BuyKey = "launch-buy", RedeemKey = "launch-redeem";

    private readonly string _registrations = $"/api/v1/sales/{saleId}/registrations", _purchases = $"/api/v1/sales/{saleId}/purchases";

    public async Task<StepResult> RunAsync(LaunchEvent e)
    {
        var token = tokens[e.Shopper];
        var outcome = e.Action switch
        {
            LaunchEvent.Register => await engine.PostAsync(_registrations, token),
            LaunchEvent.Buy => await engine.PostAsync(_purchases, token, idempotencyKey: BuyKey, onQueued: tracker.TicketIssued, onAnswered: tracker.TicketAnswered),
            LaunchEvent.Redeem => await engine.PostAsync(_purchases, token, new { fcode = codes[e.CodeOwner] }, RedeemKey),
            _ => await engine.PostAsync($"/api/v1/fcodes/{codes[e.CodeOwner]}/transfer", token, new { toShopperId = e.To }),
        };
        if (IsSale(outcome) && e.Action is LaunchEvent.Buy or LaunchEvent.Redeem)
        {
            tracker.Sold();
            if (e.Action == LaunchEvent.Buy)
            {
                tracker.BuyWinners.TryAdd(e.Shopper, 0);
            }
            else
            {
                tracker.RedeemWinners.AddOrUpdate(e.CodeOwner, e.Shopper, (_, first) => first == e.Shopper ? first : $"{first}+{e.Shopper}");
            }
        }
        else if (e.Action == LaunchEvent.Transfer && outcome == "200")
        {
            tracker.Transfers[e.CodeOwner] = e.To!;
        }
        // Any answer the engine gives on purpose goes on; a 5xx or a transport error is a failure.
        return outcome.StartsWith('5') ? StepResult.Failure(outcome) : StepResult.Success(outcome);
    }

    /// <summary>A unit won: answered 201 at once, or won through a waiting-room ticket.</summary>
    public static bool IsSale(string outcome) => outcome is "201" or "won";
}
