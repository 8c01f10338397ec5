namespace FlashSale.LoadTests.Scenarios;

/// <summary>
/// A small fcode-rush (purchases, redemptions, transfers) on a sale of its own, replayed before a launch so the
/// generator's code is compiled before the clock starts, as wrk's is: cold, the generator spent about 0.9 s of
/// CPU compiling itself in a launch's first three seconds, on the two cores the engine was selling on. The engine
/// gets one small sale more; it has warmed itself with its own rehearsal before reporting ready anyway.
/// </summary>
public static class GeneratorWarmUp
{
    public static Task<LaunchResult> RunAsync(LaunchOptions launch, CancellationToken cancellationToken)
    {
        var small = launch with { Shoppers = 2_000, Units = 1_000, FcodeHolders = 200, ArrivalSeconds = 1, OpensIn = null };
        return LaunchReplay.RunAsync(LaunchPlans.FcodeRush(small, $"warm-{Guid.NewGuid().ToString("N")[..8]}"), small, TextWriter.Null, null, cancellationToken);
    }
}
