using FlashSale.LoadTests.Bench;
using FlashSale.LoadTests.Reporting;

namespace FlashSale.LoadTests.Tests;

public sealed class BenchMarkdownTests
{
    private static BenchResult Result(string target, double perSecond, double salesPerSecond) =>
        new(target, (long)(perSecond * 10), perSecond, salesPerSecond, TimeSpan.FromMilliseconds(4), TimeSpan.FromMilliseconds(12), new Dictionary<string, long>());

    private static readonly BenchReport Report = new(new BenchOptions(),
        [
            Result("bare Kestrel (the limit)", 33_061, 0),
            Result("common design: PostgreSQL transaction", 518, 531),
            Result("Redis DECR, no grain", 27_413, 27_419),
            Result("engine", 13_370, 13_378),
        ],
        WrkBarePerSecond: 54_805, WrkEnginePerSecond: 13_720, EnginePeakBytes: 321L << 20, BaselinePeakBytes: 123L << 20, MachineSpeed: (400, 250));

    [Fact]
    public void Judges_the_engine_against_the_limit_and_the_common_design_by_the_same_generator()
    {
        var md = BenchMarkdown.Render(Report);

        Assert.Contains("| engine sales/s ÷ bare Kestrel requests/s | 0.40 | ≥ 0.50 |", md);
        Assert.Contains("| engine ÷ common design (sales/s) | 25.19 | ≥ 10 |", md);
        Assert.Contains("| engine ÷ bare Kestrel, both by wrk | 0.25 | ≥ 0.50 |", md);
        Assert.Contains("| C# generator ÷ wrk, engine (13,720/s) | 0.97 |", md);
    }

    [Fact]
    public void Says_how_fast_the_machine_was_before_and_after_and_how_much_memory_the_servers_took()
    {
        var md = BenchMarkdown.Render(Report);

        Assert.Contains("400 rounds/s before the first target, 250 after the last", md);
        Assert.Contains("engine host 321 MiB, baseline server 123 MiB", md);
    }
}
