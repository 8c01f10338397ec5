using FlashSale.LoadTests.Bench;
using FlashSale.LoadTests.Reporting;

namespace FlashSale.LoadTests.Tests;

public sealed class BenchMarkdownTests
{
    private static BenchResult Result(string target, double perSecond, double salesPerSecond) =>
        new(target, (long)(perSecond * 10), perSecond, salesPerSecond, TimeSpan.FromMilliseconds(4), TimeSpan.FromMilliseconds(12),
            new Dictionary<string, long> { ["201"] = (long)(salesPerSecond * 10) });

    private static BenchRound Round(double bare, double common, double engine, double? wrkBare, double? wrkEngine) => new(
        [
            Result("bare Kestrel (the limit)", bare, 0),
            Result("common design: PostgreSQL transaction", common, common),
            Result("Redis DECR, no grain", 27_413, 27_419),
            Result("engine", engine, engine),
        ],
        wrkBare, wrkEngine);

    private static BenchReport Report(params BenchRound[] rounds) =>
        new(new BenchOptions(), rounds, EnginePeakBytes: 321L << 20, BaselinePeakBytes: 123L << 20, MachineSpeed: (400, 250), EngineBuild: "1.0.0+abc123");

    // Within each round the engine is 0.40, 0.35 and 0.50 of the limit: the median is the middle round's ratio,
    // not the ratio of the medians (13,000 ÷ 30,000 = 0.43).
    private static readonly BenchReport ThreeRounds = Report(
        Round(30_000, 500, 12_000, 50_000, 12_500),
        Round(40_000, 400, 14_000, 48_000, 12_000),
        Round(26_000, 520, 13_000, 52_000, 13_000));

    [Theory]
    // Each ratio is taken within a round; the median and range of the rounds are reported.
    [InlineData("| engine sales/s ÷ bare Kestrel requests/s | **0.40** | 0.35–0.50 | ≥ 0.50 |")]
    [InlineData("| engine ÷ common design (sales/s) | **25.00** | 24.00–35.00 | ≥ 10 |")]
    [InlineData("| engine ÷ bare Kestrel, both by wrk | **0.25** | 0.25–0.25 | ≥ 0.50 |")]
    [InlineData("| C# generator ÷ wrk, engine | **1.00** | 0.96–1.17 |")]
    // Every round's throughput beside the median; outcomes summed over the rounds.
    [InlineData("| bare Kestrel (the limit) | 30,000 · 40,000 · 26,000 | 30,000 |")]
    [InlineData("| wrk: engine | 12,500 · 12,000 · 13,000 | 12,500 |")]
    [InlineData("| engine | 12,000 · 14,000 · 13,000 | 13,000 | 13,000 |")]
    [InlineData("| 201: 390,000 |")]
    // How fast the machine was before and after, and how much memory the servers took.
    [InlineData("(in reverse every other round), then wrk;")]
    [InlineData("400 rounds/s before the first round, 250 after the last")]
    [InlineData("engine host 321 MiB, baseline server 123 MiB")]
    [InlineData("the servers and the engine. Engine build `1.0.0+abc123`.")]
    public void The_report_of_three_rounds_says(string line) =>
        Assert.Contains(line, BenchMarkdown.Render(ThreeRounds));

    [Fact]
    public void Leaves_out_the_wrk_rows_and_ratios_when_wrk_is_not_installed()
    {
        var md = BenchMarkdown.Render(Report(Round(30_000, 500, 12_000, null, null)));

        Assert.Contains("| engine sales/s ÷ bare Kestrel requests/s | **0.40** | 0.40–0.40 |", md);
        Assert.DoesNotContain("| wrk:", md);
        Assert.DoesNotContain("÷ wrk", md);
        Assert.DoesNotContain("by wrk", md);
        Assert.DoesNotContain("then wrk", md);
        Assert.Contains("wrk is not installed (`apt-get install wrk`), so no figure here is cross-checked against it.", md);
    }

    [Fact]
    public void Counts_the_time_fulfillment_took_to_store_the_engines_sales()
    {
        var round = Round(30_000, 500, 12_000, null, null);
        var drained = round with { Results = [.. round.Results.SkipLast(1), round.Engine with { Drained = TimeSpan.FromSeconds(1) }] };

        var md = BenchMarkdown.Render(Report(drained));

        // Five seconds of selling at 12,000 a second, all stored a second later: 10,000 a second over the six.
        Assert.Contains("| engine sales/s counting fulfillment's drain ÷ bare Kestrel requests/s | **0.33** | 0.33–0.33 |", md);
        Assert.Contains("PostgreSQL held each engine run's orders 1.00 s after the run ended.", md);
        Assert.Contains("the engine sold 10,000 units a second (median).", md);
        Assert.DoesNotContain("drain", BenchMarkdown.Render(Report(round)));
    }

    [Theory]
    [InlineData(new[] { 3.0, 1.0, 2.0 }, 2.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    [InlineData(new[] { 7.0 }, 7.0)]
    public void The_median_is_the_middle_value_or_the_mean_of_the_middle_two(double[] values, double median) =>
        Assert.Equal(median, BenchMarkdown.Median(values));
}
