namespace FlashSale.LoadTests.Runner;

/// <summary>When each open-model copy is meant to start, as offsets from the start of the run.</summary>
public static class ArrivalSchedule
{
    public static IReadOnlyList<TimeSpan> For(IEnumerable<LoadSimulation> simulations)
    {
        var arrivals = new List<TimeSpan>();
        var start = TimeSpan.Zero;
        var previousRate = 0.0; // copies per second
        foreach (var simulation in simulations)
        {
            switch (simulation)
            {
                case Inject inject:
                    var rate = inject.Rate / inject.Interval.TotalSeconds;
                    AddConstant(arrivals, start, rate, inject.During);
                    previousRate = rate;
                    break;
                case RampingInject ramp:
                    var target = ramp.Rate / ramp.Interval.TotalSeconds;
                    AddRamp(arrivals, start, previousRate, target, ramp.During);
                    previousRate = target;
                    break;
                case Recorded recorded:
                    arrivals.AddRange(recorded.At.Select(at => start + at));
                    previousRate = 0;
                    break;
                case KeepConstant:
                    previousRate = 0; // closed-model copies are started by the runner, not scheduled
                    break;
            }
            start += simulation.During;
        }
        return arrivals;
    }

    private static void AddConstant(List<TimeSpan> arrivals, TimeSpan start, double perSecond, TimeSpan during)
    {
        var count = (long)Math.Round(perSecond * during.TotalSeconds);
        for (var i = 0; i < count; i++)
        {
            arrivals.Add(start + TimeSpan.FromSeconds(i / perSecond));
        }
    }

    /// <summary>Arrival n falls where the integral of the linear rate reaches n (solving a quadratic).</summary>
    private static void AddRamp(List<TimeSpan> arrivals, TimeSpan start, double from, double to, TimeSpan during)
    {
        var seconds = during.TotalSeconds;
        var slope = (to - from) / seconds;
        var total = (from + to) / 2 * seconds;
        for (var n = 0; n < (long)Math.Round(total); n++)
        {
            var t = slope == 0 ? n / from : (-from + Math.Sqrt(from * from + 2 * slope * n)) / slope;
            arrivals.Add(start + TimeSpan.FromSeconds(t));
        }
    }
}
