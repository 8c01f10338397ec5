using System.Globalization;
using System.Net;
using System.Text;
using FlashSale.LoadTests.Machine;
using FlashSale.LoadTests.Scenarios;

namespace FlashSale.LoadTests.Reporting;

/// <summary>
/// The run as one self-contained HTML page: the charts people look at after a launch (arrivals and outcomes per
/// second, latency percentiles over time, stock left, shoppers waiting on tickets, cores busy), then the tables.
/// </summary>
public static class HtmlReport
{
    public static string Render(string title, LaunchResult result)
    {
        var c = CultureInfo.InvariantCulture;
        var steps = result.Steps.Where(s => s.Scenario != "register").ToArray();
        var html = new StringBuilder();
        var verdict = result.Passed ? "all invariants hold" : "<span class=\"bad\">INVARIANTS VIOLATED</span>";
        var soldOut = result.LastUnitSoldAfter is { } sold ? string.Create(c, $"The last unit sold {sold.TotalSeconds:F2} s after the sale opened.") : "";
        var build = result.EngineBuild is { } b ? $" Engine build <code>{E(b)}</code>." : "";
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{E(title)}}: {{E(result.SaleId)}}</title>
            <style>body{font-family:system-ui,sans-serif;max-width:900px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}
            td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}.bad{color:#b00;font-weight:bold}svg{width:100%;height:auto;margin:1em 0}</style>
            </head><body>
            <h1>{{E(title)}}</h1>
            <p>Sale <code>{{E(result.SaleId)}}</code>: {{verdict}}. {{soldOut}}{{build}}</p>
            """);
        var outcomes = steps.SelectMany(s => s.Timeline).GroupBy(t => t.Outcome).OrderByDescending(g => g.Sum(t => t.Count)).ToArray();
        List<Series> perSecond = [new("arrivals", "#000", [.. (result.Arrivals ?? []).Select(a => ((double)a.Second, (double)a.Count))])];
        perSecond.AddRange(outcomes.Select((g, i) => new Series(g.Key, SvgChart.Palette[i % SvgChart.Palette.Length],
            [.. g.GroupBy(t => t.Second).Select(s => ((double)s.Key, (double)s.Sum(t => t.Count)))])));
        html.Append(SvgChart.Lines("Arrivals and answers per second, by outcome", "per second", perSecond));
        html.Append(SvgChart.Lines("Latency percentiles over time (from each arrival's scheduled start)", "ms",
            [.. steps.SelectMany((s, i) => new[]
            {
                new Series($"{s.Scenario} p50", SvgChart.Palette[(2 * i) % SvgChart.Palette.Length], [.. s.Seconds.Select(x => ((double)x.Second, x.P50.TotalMilliseconds))]),
                new Series($"{s.Scenario} p99", SvgChart.Palette[(2 * i + 1) % SvgChart.Palette.Length], [.. s.Seconds.Select(x => ((double)x.Second, x.P99.TotalMilliseconds))]),
            })]));
        var timeline = result.Timeline ?? [];
        html.Append(SvgChart.Lines("Stock remaining", "units", [
            new("general pool", SvgChart.Palette[0], [.. timeline.Select(t => (t.Second, (double)t.Remaining))]),
            new("F-code allocation", SvgChart.Palette[1], [.. timeline.Select(t => (t.Second, (double)t.FcodeRemaining))]),
        ]));
        html.Append(SvgChart.Lines("Waiting room: shoppers waiting on a ticket (as the generator counts them)", "shoppers", [
            new("waiting", SvgChart.Palette[2], [.. timeline.Select(t => (t.Second, (double)t.TicketsWaiting))]),
        ]));

        var cpu = result.CpuPerSecond;
        if (cpu.Count > 0)
        {
            html.Append(SvgChart.Lines($"Cores busy each second (the machine has {Environment.ProcessorCount})", "cores", [
                new("machine", "#000", [.. cpu.Select(s => ((double)s.Second, s.Machine))]),
                .. CpuAccounting.Parts.Select(part => new Series(part, PartColour(part), [.. cpu.Select(s => ((double)s.Second, s.Parts.GetValueOrDefault(part)))])),
            ]));
            // The same cores selling fewer units: costlier work, or (on these shared machines, usually) a slower machine.
            var selling = cpu.Where(s => s.UnitsPerSecond > 0).ToArray();
            html.Append(SvgChart.Lines("CPU each unit sold cost, second by second", "µs a unit", [
                new("machine", "#000", [.. selling.Select(s => ((double)s.Second, s.MicrosecondsPerUnit()!.Value))]),
                new(CpuAccounting.Engine, PartColour(CpuAccounting.Engine), [.. selling.Select(s => ((double)s.Second, s.MicrosecondsPerUnit(CpuAccounting.Engine)!.Value))]),
            ]));
        }

        html.Append("<h2>Steps</h2><table><tr><th>scenario</th><th>requests</th><th>per second</th><th>p50</th><th>p90</th><th>p99</th><th>max</th><th>outcomes</th></tr>");
        foreach (var s in result.Steps)
        {
            html.Append(c, $"<tr><td>{E(s.Scenario)}</td><td>{s.Count:N0}</td><td>{s.PerSecond:N0}</td><td>{Ms(s.P50)}</td><td>{Ms(s.P90)}</td><td>{Ms(s.P99)}</td><td>{Ms(s.Max)}</td><td>{E(string.Join(", ", s.Outcomes.Select(o => $"{o.Key}: {o.Value:N0}")))}</td></tr>");
        }
        html.Append("</table><h2>Invariants</h2><table><tr><th>invariant</th><th>holds</th><th>detail</th></tr>");
        foreach (var i in result.Invariants)
        {
            html.Append(c, $"<tr><td>{E(i.Name)}</td><td>{(i.Holds ? "yes" : "<span class=\"bad\">NO</span>")}</td><td>{E(i.Detail)}</td></tr>");
        }
        html.Append("</table>");
        if (result.LastSaleToLastStoredOrder is { } lag)
        {
            html.Append(c, $"<p>The last order was stored in PostgreSQL {lag.TotalSeconds:F2} s after the last sale.</p>");
        }
        foreach (var note in result.Notes ?? [])
        {
            html.Append(c, $"<p>{E(note)}</p>");
        }
        if (result.Cpu is { Count: > 0 } parts)
        {
            html.Append("<h2>Where the CPU went during the replay</h2><table><tr><th>part</th><th>CPU seconds</th><th>share of the machine</th></tr>");
            foreach (var use in parts)
            {
                html.Append(c, $"<tr><td>{E(use.Part)}</td><td>{use.Seconds:F1}</td><td>{use.ShareOfMachine:P0}</td></tr>");
            }
            html.Append("</table>");
        }
        return html.Append("</body></html>\n").ToString();
    }

    /// <summary>A part's colour, the same in every chart.</summary>
    private static string PartColour(string part) => SvgChart.Palette[CpuAccounting.Parts.TakeWhile(p => p != part).Count() % SvgChart.Palette.Length];

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture) + " ms";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
