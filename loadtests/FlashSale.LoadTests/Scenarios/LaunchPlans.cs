using FlashSale.LoadTests.Runner;

namespace FlashSale.LoadTests.Scenarios;

/// <summary>The launches the tool replays, each as events; <c>replay --file</c> reads them from a recording.</summary>
public static class LaunchPlans
{
    /// <summary>The Mi 3 at noon: 3.77 million people for 300,000 units.</summary>
    public const int Mi3Arrivals = 3_770_000;
    public const int Mi3Units = 300_000;

    /// <summary>
    /// The Redmi launch: every shopper registered, all arrive evenly within the arrival window after open, while
    /// the F-code holders redeem in the same window.
    /// </summary>
    public static LaunchPlan RedmiLaunch(LaunchOptions o, string run)
    {
        var shoppers = Names($"shopper-{run}", o.Shoppers);
        var holders = Names($"fan-{run}", o.FcodeHolders);
        return new LaunchPlan("redmi-launch", o.Units, RequiresRegistration: true, shoppers,
            Sorted(Spread(shoppers, LaunchEvent.Buy, o.ArrivalSeconds).Concat(Spread(holders, LaunchEvent.Redeem, o.ArrivalSeconds))));
    }

    /// <summary>
    /// The Mi 3 at noon, scaled by <see cref="LaunchOptions.Fraction"/>: arrivals ramp up over the first 2 s,
    /// hold, and ramp down over the last 2 s of the window; no registration.
    /// </summary>
    public static LaunchPlan Mi3Noon(LaunchOptions o, string run)
    {
        var arrivals = (int)(Mi3Arrivals * o.Fraction);
        var window = Math.Max(o.ArrivalSeconds, 5);
        var peak = (int)Math.Ceiling(arrivals / (window - 2));
        var times = ArrivalSchedule.For([
            new RampingInject(peak, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)),
            new Inject(peak, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(window - 4)),
            new RampingInject(0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)),
        ]);
        var shoppers = Names($"noon-{run}", times.Count);
        return new LaunchPlan("mi3-noon", (int)(Mi3Units * o.Fraction), RequiresRegistration: false, [],
            [.. shoppers.Select((s, i) => new LaunchEvent(times[i].TotalSeconds, s, LaunchEvent.Buy))]);
    }

    /// <summary>
    /// Many F-code holders; a share of them hand their code to a friend in the last two seconds before open.
    /// At open every friend redeems, and so does every holder, including those who gave their code away
    /// (they must be refused), beside a crowd of general shoppers.
    /// </summary>
    public static LaunchPlan FcodeRush(LaunchOptions o, string run)
    {
        var holders = Names($"fan-{run}", o.FcodeHolders);
        var giving = holders.Take((int)(holders.Length * o.TransferShare)).ToArray();
        var transfers = giving.Select((h, i) => new LaunchEvent(-2 + 1.5 * i / Math.Max(giving.Length, 1), h, LaunchEvent.Transfer, To: $"friend-of-{h}"));
        var friends = giving.Select(h => (Friend: $"friend-of-{h}", Holder: h)).ToArray();
        var shoppers = Names($"shopper-{run}", o.Shoppers);
        var redeemByFriends = friends.Select((f, i) => new LaunchEvent(o.ArrivalSeconds * i / Math.Max(friends.Length, 1), f.Friend, LaunchEvent.Redeem, Code: f.Holder));
        return new LaunchPlan("fcode-rush", o.Units, RequiresRegistration: false, [],
            Sorted(transfers.Concat(redeemByFriends).Concat(Spread(holders, LaunchEvent.Redeem, o.ArrivalSeconds)).Concat(Spread(shoppers, LaunchEvent.Buy, o.ArrivalSeconds))));
    }

    /// <summary>
    /// A share of the clients are bots that send the same purchase again every 40 ms for 2 s (50 times as often
    /// as a human, who tries again once after 2 s). Retries carry the same idempotency key, as a client's
    /// retry does.
    /// </summary>
    public static LaunchPlan BotStorm(LaunchOptions o, string run)
    {
        const double HumanRetry = 2.0;
        var botRetry = HumanRetry / o.BotSpeedup;
        var events = new List<LaunchEvent>();
        for (var i = 0; i < o.Shoppers; i++)
        {
            // Bots are spread evenly through the crowd, so arriving early favours neither kind.
            var isBot = Math.Floor((i + 1) * o.BotShare) > Math.Floor(i * o.BotShare);
            var shopper = isBot ? $"bot-{run}-{i}" : $"human-{run}-{i}";
            var arrives = o.ArrivalSeconds * i / o.Shoppers;
            var (every, attempts) = isBot ? (botRetry, o.BotSpeedup) : (HumanRetry, 2);
            for (var attempt = 0; attempt < attempts; attempt++)
            {
                events.Add(new LaunchEvent(arrives + attempt * every, shopper, LaunchEvent.Buy));
            }
        }
        return new LaunchPlan("bot-storm", o.Units, RequiresRegistration: false, [], Sorted(events));
    }

    /// <summary>A recorded launch: registration is required when the recording registers anyone.</summary>
    public static LaunchPlan FromFile(LaunchOptions o)
    {
        using var reader = o.File!.OpenText();
        var events = Sorted(LaunchEvent.Read(reader));
        if (events.Length == 0)
        {
            // A replay of nothing would check its invariants on an empty sale and pass: an empty or blank file is a mistake.
            throw new FormatException("no events: every line is blank");
        }
        return new LaunchPlan($"replay {o.File.Name}", o.Units, events.Any(e => e.Action == LaunchEvent.Register), [], events);
    }

    private static string[] Names(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => $"{prefix}-{i}")];

    private static IEnumerable<LaunchEvent> Spread(string[] shoppers, string action, double seconds) =>
        shoppers.Select((s, i) => new LaunchEvent(seconds * i / shoppers.Length, s, action));

    private static LaunchEvent[] Sorted(IEnumerable<LaunchEvent> events) => [.. events.OrderBy(e => e.At)];
}
