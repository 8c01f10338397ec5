using FlashSale.LoadTests.Runner;

namespace FlashSale.LoadTests.Tests;

public sealed class ArrivalScheduleTests
{
    [Fact]
    public void Inject_spreads_its_rate_evenly_over_the_duration()
    {
        var arrivals = ArrivalSchedule.For([new Inject(100, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3))]);

        Assert.Equal(300, arrivals.Count);
        Assert.Equal(TimeSpan.Zero, arrivals[0]);
        Assert.All(arrivals.Zip(arrivals.Skip(1)), p => Assert.Equal(10, (p.Second - p.First).TotalMilliseconds, 3));
        Assert.True(arrivals[^1] < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void A_ramp_starts_from_the_previous_rate_and_grows_denser()
    {
        var arrivals = ArrivalSchedule.For([
            new Inject(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)),
            new RampingInject(110, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)),
        ]);

        var ramp = arrivals.Where(a => a >= TimeSpan.FromSeconds(1)).ToList();
        Assert.Equal(10 + 120, arrivals.Count); // the ramp's mean rate is (10 + 110) / 2 for 2 s
        var firstSecond = ramp.Count(a => a < TimeSpan.FromSeconds(2));
        Assert.True(ramp.Count - firstSecond > 2 * firstSecond, $"{firstSecond} then {ramp.Count - firstSecond}");
        Assert.Equal(ramp.Order(), ramp);
    }

    [Fact]
    public void Closed_model_copies_are_not_scheduled_but_still_take_their_time()
    {
        var arrivals = ArrivalSchedule.For([
            new KeepConstant(50, TimeSpan.FromSeconds(2)),
            new Inject(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)),
        ]);

        Assert.Equal(5, arrivals.Count);
        Assert.All(arrivals, a => Assert.True(a >= TimeSpan.FromSeconds(2)));
    }
}
