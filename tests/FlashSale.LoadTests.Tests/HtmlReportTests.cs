using FlashSale.LoadTests.Reporting;
using FlashSale.LoadTests.Runner;
using FlashSale.LoadTests.Scenarios;

namespace FlashSale.LoadTests.Tests;

public sealed class HtmlReportTests
{
    [Fact]
    public void The_page_is_self_contained_charts_the_launch_and_escapes_what_it_shows()
    {
        var stats = new StepStats("buy", "buy");
        stats.Record(TimeSpan.FromMilliseconds(12), "201", TimeSpan.FromSeconds(0.2));
        stats.Record(TimeSpan.FromMilliseconds(40), "sold_out", TimeSpan.FromSeconds(1.5));
        var result = new LaunchResult("redmi-launch", "sale-1", [stats.Report(TimeSpan.FromSeconds(2))],
            [new Invariant("units <sold> ≤ stock", false, "2 of 1")], TimeSpan.FromSeconds(0.1), TimeSpan.FromSeconds(1.2), ["bots & humans"],
            [new EngineSample(1, 0, 1, 0, 3)], [(0, 1), (1, 1)]);

        var html = HtmlReport.Render("redmi-launch", result);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(4, html.Split("<svg").Length - 1);
        Assert.Contains("Arrivals and answers per second", html);
        Assert.Contains("Latency percentiles over time", html);
        Assert.Contains("Stock remaining", html);
        Assert.Contains("Waiting room", html);
        Assert.Contains("INVARIANTS VIOLATED", html);
        Assert.Contains("units &lt;sold&gt; ≤ stock", html);
        Assert.Contains("bots &amp; humans", html);
        Assert.Contains("<polyline", html);
    }
}
