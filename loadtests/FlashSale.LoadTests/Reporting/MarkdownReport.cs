using System.Globalization;
using System.Text;
using FlashSale.LoadTests.Machine;
using FlashSale.LoadTests.Scenarios;

namespace FlashSale.LoadTests.Reporting;

/// <summary>The run as a Markdown page: per-step statistics, outcomes, outcomes per second, invariants.</summary>
public static class MarkdownReport
{
    /// <summary>The sentence naming the engine's build, or nothing when the run did not ask (tests, the warm-up).</summary>
    public static string Build(string? build) => build is null ? "" : $" Engine build `{build}`.";

    public static string Render(string title, LaunchResult result)
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(c, $"# {title}").AppendLine().AppendLine(c, $"Sale `{result.SaleId}`, {(result.Passed ? "all invariants hold" : "**INVARIANTS VIOLATED**")}.{Build(result.EngineBuild)}").AppendLine();
        md.AppendLine("| scenario | step | requests | per second | p50 | p90 | p99 | max | outcomes |").AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var s in result.Steps)
        {
            md.AppendLine(c, $"| {s.Scenario} | {s.Step} | {s.Count:N0} | {s.PerSecond:N0} | {Ms(s.P50)} | {Ms(s.P90)} | {Ms(s.P99)} | {Ms(s.Max)} | {string.Join(", ", s.Outcomes.Select(o => $"{o.Key}: {o.Value:N0}"))} |");
        }
        md.AppendLine().AppendLine("## Outcomes per second").AppendLine().AppendLine("| scenario | second | outcome | count |").AppendLine("| --- | --- | --- | --- |");
        foreach (var s in result.Steps.Where(s => s.Scenario != "register"))
        {
            foreach (var (second, outcome, count) in s.Timeline)
            {
                md.AppendLine(c, $"| {s.Scenario} | {second} | {outcome} | {count:N0} |");
            }
        }
        md.AppendLine().AppendLine("## Invariants").AppendLine().AppendLine("| invariant | holds | detail |").AppendLine("| --- | --- | --- |");
        foreach (var i in result.Invariants)
        {
            md.AppendLine(c, $"| {i.Name} | {(i.Holds ? "yes" : "**NO**")} | {i.Detail} |");
        }
        if (result.LastUnitSoldAfter is { } soldOut)
        {
            md.AppendLine().AppendLine(c, $"The last unit sold {soldOut.TotalSeconds:F2} s after the sale opened.");
        }
        foreach (var note in result.Notes ?? [])
        {
            md.AppendLine().AppendLine(note);
        }
        if (result.Cpu is { Count: > 0 } cpu)
        {
            md.AppendLine().AppendLine("## Where the CPU went during the replay").AppendLine().AppendLine("| part | CPU seconds | share of the machine |").AppendLine("| --- | --- | --- |");
            foreach (var use in cpu)
            {
                md.AppendLine(c, $"| {use.Part} | {use.Seconds:F1} | {use.ShareOfMachine:P0} |");
            }
        }
        var selling = result.CpuPerSecond.Where(s => s.Second <= result.LastSellingSecond).ToArray();
        if (selling.Length > 0)
        {
            // A slow second with the cores busy is costlier work or a slower machine (more µs a unit); with them idle, something stalled.
            md.AppendLine().AppendLine("## Cores busy each second while units were left").AppendLine()
                .AppendLine(c, $"| second | machine (of {Environment.ProcessorCount}) | {string.Join(" | ", CpuAccounting.Parts)} | other processes | units sold | µs a unit: machine | µs a unit: engine host |")
                .AppendLine($"| --- | ---: | {string.Concat(CpuAccounting.Parts.Select(_ => "---: | "))}---: | ---: | ---: | ---: |");
            foreach (var second in selling)
            {
                md.AppendLine(c, $"| {second.Second} | {second.Machine:F2} | {string.Join(" | ", CpuAccounting.Parts.Select(p => second.Parts.GetValueOrDefault(p).ToString("F2", c)))} | {second.Rest:F2} | {second.UnitsPerSecond:N0} | {second.MicrosecondsPerUnit():F0} | {second.MicrosecondsPerUnit(CpuAccounting.Engine):F0} |");
            }
        }
        if (result.LastSaleToLastStoredOrder is { } lag)
        {
            md.AppendLine().AppendLine(c, $"Last order stored in PostgreSQL {lag.TotalSeconds:F2} s after the last sale.");
        }
        return md.ToString();
    }

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:F1} ms";
}
