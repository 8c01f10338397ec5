using FlashSale.LoadTests.Reporting;
using FlashSale.LoadTests.Runner;
using FlashSale.LoadTests.Scenarios;

namespace FlashSale.LoadTests.Tests;

public sealed class MarkdownReportTests
{
    [Fact]
    public void The_report_shows_steps_outcomes_and_invariants_and_flags_a_violation()
    {
        var stats = new StepStats("buy", "purchase");
        stats.Record(TimeSpan.FromMilliseconds(12), "201", TimeSpan.Zero);
        stats.Record(TimeSpan.FromMilliseconds(20), "sold_out", TimeSpan.FromSeconds(1));
        var result = new LaunchResult("redmi-launch", "sale-1", [stats.Report(TimeSpan.FromSeconds(2))],
            [new Invariant("units sold ≤ stock", true, "1 of 1"), new Invariant("orders in PostgreSQL = units sold", false, "0 stored, 1 sold")],
            TimeSpan.FromSeconds(0.25), TimeSpan.FromSeconds(3.5), ["bots: 1 of 4 won a unit (25.00 %)"]);

        var md = MarkdownReport.Render("redmi-launch", result);

        Assert.False(result.Passed);
        Assert.Contains("**INVARIANTS VIOLATED**", md);
        Assert.Contains("| buy | purchase | 2 | 1 |", md);
        Assert.Contains("201: 1, sold_out: 1", md);
        Assert.Contains("| orders in PostgreSQL = units sold | **NO** | 0 stored, 1 sold |", md);
        Assert.Contains("| buy | 1 | sold_out | 1 |", md);
        Assert.Contains("0.25 s after the last sale", md);
        Assert.Contains("last unit sold 3.50 s after the sale opened", md);
        Assert.Contains("bots: 1 of 4 won a unit (25.00 %)", md);
        Assert.DoesNotContain("Engine build", md);
    }

    [Fact]
    public void The_report_names_the_engine_build_it_measured()
    {
        var result = new LaunchResult("redmi-launch", "sale-1", [], [], null, EngineBuild: "1.0.0+abc123");

        Assert.Contains("Sale `sale-1`, all invariants hold. Engine build `1.0.0+abc123`.", MarkdownReport.Render("redmi-launch", result));
        Assert.Contains("Engine build <code>1.0.0+abc123</code>.", HtmlReport.Render("redmi-launch", result));
    }
}
