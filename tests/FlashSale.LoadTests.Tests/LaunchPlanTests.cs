using FlashSale.LoadTests.Runner;
using FlashSale.LoadTests.Scenarios;

namespace FlashSale.LoadTests.Tests;

/// <summary>The launches as events: what each scenario asks of the engine, and the replay file format.</summary>
public sealed class LaunchPlanTests
{
    [Fact]
    public void A_replay_file_reads_every_action_and_the_plan_knows_whose_codes_to_issue_and_how_early_to_start()
    {
        const string file = """
            {"at": -30, "shopper": "u1", "action": "register"}

            {"at": 0.25, "shopper": "u1", "action": "buy"}
            {"at": -1.5, "shopper": "fan7", "action": "transfer", "to": "u9"}
            {"at": 0.5, "shopper": "u9", "action": "redeem", "code": "fan7"}
            {"at": 0.75, "shopper": "fan8", "action": "redeem"}
            """;

        var events = LaunchEvent.Read(new StringReader(file)).ToList();
        var plan = new LaunchPlan("replay", 10, true, [], [.. events.OrderBy(e => e.At)]);

        Assert.Equal(5, events.Count);
        Assert.Equal(new LaunchEvent(-1.5, "fan7", LaunchEvent.Transfer, To: "u9"), events[2]);
        Assert.Equal(["fan7", "fan8"], plan.FcodeOwners.Order());
        Assert.Equal(["fan7", "fan8", "u1", "u9"], plan.Shoppers.Order(StringComparer.Ordinal));
        Assert.Equal(TimeSpan.FromSeconds(30), plan.Lead);
    }

    [Theory]
    [InlineData("""{"at": 1, "action": "buy"}""", "needs a shopper, an action")]
    [InlineData("""{"at": 1, "shopper": "u1", "action": "dance"}""", "needs a shopper, an action")]
    [InlineData("""{"at": 1, "shopper": "u1", "action": "transfer"}""", "for a transfer, \"to\"")]
    [InlineData("""not json""", "is an invalid JSON literal")]
    [InlineData("""[1]""", "not a launch event: each line is a JSON object")]
    [InlineData("""{"at": 1e300, "shopper": "u1", "action": "buy"}""", "\"at\" is 1E+300 s")]
    [InlineData("""{"at": -86401, "shopper": "u1", "action": "register"}""", "\"at\" is -86401 s")]
    [InlineData("""{"shopper": "u1", "action": "buy"}""", "\"at\" needs a number")]
    [InlineData("""{"at": "0.5", "shopper": "u1", "action": "buy"}""", "\"at\" needs a number")]
    [InlineData("""{"at": 1, "shopper": 7, "action": "buy"}""", "\"shopper\" needs a string")]
    [InlineData("""{"at": 1, "shopper": "u9", "action": "redeem", "cod": "fan7"}""", "\"cod\" is not a field of a launch event")]
    [InlineData("""{"at": 1, "at": 2, "shopper": "u1", "action": "buy"}""", "\"at\" is given more than once")]
    public void A_line_that_is_not_a_launch_event_is_reported_with_its_number_and_fault(string line, string said)
    {
        var error = Assert.Throws<FormatException>(() => LaunchEvent.Read(new StringReader("{\"at\": 0, \"shopper\": \"ok\", \"action\": \"buy\"}\n" + line)).ToList());

        Assert.StartsWith("line 2: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(said, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n  \n\n")]
    public void A_recording_without_events_is_refused(string content)
    {
        var file = new FileInfo(Path.GetTempFileName());
        try
        {
            File.WriteAllText(file.FullName, content);

            var error = Assert.Throws<FormatException>(() => LaunchPlans.FromFile(new LaunchOptions { File = file }));

            Assert.StartsWith("no events", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            file.Delete();
        }
    }

    [Fact]
    public void Bot_storm_spreads_its_bots_through_the_crowd_and_they_retry_fifty_times_as_often()
    {
        var plan = LaunchPlans.BotStorm(new LaunchOptions { Shoppers = 1_000, BotShare = 0.2, BotSpeedup = 50, ArrivalSeconds = 5 }, "t");

        var byShopper = plan.Events.GroupBy(e => e.Shopper).ToList();
        var bots = byShopper.Where(g => g.Key.StartsWith("bot-", StringComparison.Ordinal)).ToList();
        Assert.Equal(200, bots.Count);
        Assert.All(bots, b => Assert.Equal(50, b.Count()));
        Assert.All(byShopper.Except(bots), h => Assert.Equal(2, h.Count()));
        // Every tenth of the crowd, in arrival order, is a fifth bots.
        var arrivalOrder = byShopper.OrderBy(g => g.Min(e => e.At)).Select(g => g.Key).ToList();
        Assert.All(arrivalOrder.Chunk(100), tenth => Assert.Equal(20, tenth.Count(s => s.StartsWith("bot-", StringComparison.Ordinal))));
        Assert.Equal(0.04, bots[0].ElementAt(1).At - bots[0].ElementAt(0).At, 6);
    }

    [Fact]
    public void Fcode_rush_hands_codes_to_friends_before_open_and_everyone_redeems_after()
    {
        var plan = LaunchPlans.FcodeRush(new LaunchOptions { FcodeHolders = 100, Shoppers = 50, TransferShare = 0.2, ArrivalSeconds = 2 }, "t");

        var transfers = plan.Events.Where(e => e.Action == LaunchEvent.Transfer).ToList();
        Assert.Equal(20, transfers.Count);
        Assert.All(transfers, t => Assert.InRange(t.At, -2, -0.5));
        Assert.All(plan.Events.Where(e => e.Action != LaunchEvent.Transfer), e => Assert.InRange(e.At, 0, 2));
        Assert.Equal(100 + 20, plan.Events.Count(e => e.Action == LaunchEvent.Redeem));
        Assert.All(transfers, t => Assert.Contains(plan.Events, e => e.Action == LaunchEvent.Redeem && e.Shopper == t.To && e.CodeOwner == t.Shopper));
        Assert.Equal(100, plan.FcodeOwners.Count);
        Assert.Equal(TimeSpan.FromSeconds(2), plan.Lead);
    }

    [Fact]
    public void Mi3_noon_scales_the_crowd_and_the_stock_and_peaks_in_the_middle()
    {
        var plan = LaunchPlans.Mi3Noon(new LaunchOptions { Fraction = 0.01, ArrivalSeconds = 10 }, "t");

        Assert.Equal(3_000, plan.Units);
        Assert.InRange(plan.Events.Count, 37_700 - 100, 37_700 + 400);
        var perSecond = plan.Events.GroupBy(e => (int)e.At).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(perSecond[0] < perSecond[5] / 2, $"{perSecond[0]} in the first second, {perSecond[5]} at the peak");
        Assert.Equal(plan.Events.OrderBy(e => e.At), plan.Events);
    }

    [Fact]
    public void A_recorded_schedule_starts_copies_at_the_recorded_moments()
    {
        var arrivals = ArrivalSchedule.For([new Recorded([TimeSpan.Zero, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2)])]);

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2)], arrivals);
    }
}
