using System.Globalization;
using System.Text;
using FlashSale.LoadTests.Bench;

namespace FlashSale.LoadTests.Reporting;

/// <summary>The bench as a Markdown table, with the ratios the targets are judged by.</summary>
public static class BenchMarkdown
{
    public static string Render(BenchReport report)
    {
        var o = report.Options;
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"# bench, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"{o.Connections} requests in flight, {o.Duration.TotalSeconds:F0} s a target, one after the other; " +
            $"{Environment.ProcessorCount} cores shared by the generator, the servers and the engine.");
        s.AppendLine();
        s.AppendLine("| target | requests/s | sales/s | p50 | p99 | outcomes |");
        s.AppendLine("| --- | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in report.Results)
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Target} | {r.PerSecond:N0} | {r.SalesPerSecond:N0} | {r.P50.TotalMilliseconds:F1} ms | {r.P99.TotalMilliseconds:F1} ms | {string.Join(", ", r.Outcomes.Select(x => $"{x.Key}: {x.Value:N0}"))} |");
        }
        s.AppendLine();
        var bare = report.Results[0].PerSecond;
        var common = report.Results[1].SalesPerSecond;
        var redis = report.Results[2].SalesPerSecond;
        var engine = report.Results[^1].SalesPerSecond;
        s.AppendLine("| ratio | value | target |");
        s.AppendLine("| --- | ---: | ---: |");
        s.AppendLine(CultureInfo.InvariantCulture, $"| engine sales/s ÷ bare Kestrel requests/s | {Ratio(engine, bare)} | ≥ 0.50 |");
        s.AppendLine(CultureInfo.InvariantCulture, $"| engine ÷ common design (sales/s) | {Ratio(engine, common)} | ≥ 10 |");
        s.AppendLine(CultureInfo.InvariantCulture, $"| engine ÷ Redis DECR (sales/s) | {Ratio(engine, redis)} | |");
        if (report.WrkBarePerSecond is { } wrk)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"| C# generator ÷ wrk, bare Kestrel ({wrk:N0}/s) | {Ratio(bare, wrk)} | ≈ 1 when the generator is not the bottleneck |");
        }
        if (report.WrkEnginePerSecond is { } wrkEngine)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"| C# generator ÷ wrk, engine ({wrkEngine:N0}/s) | {Ratio(report.Results[^1].PerSecond, wrkEngine)} | ≈ 1 when the generator is not the bottleneck |");
            if (report.WrkBarePerSecond is { } wrkBare)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"| engine ÷ bare Kestrel, both by wrk | {Ratio(wrkEngine, wrkBare)} | ≥ 0.50 |");
            }
        }
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"Peak resident memory: engine host {Megabytes(report.EnginePeakBytes)}, baseline server {Megabytes(report.BaselinePeakBytes)}.");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture,
            $"Machine speed (one core, fixed work): {report.MachineSpeed.Before:N0} rounds/s before the first target, {report.MachineSpeed.After:N0} after the last. The machines are shared: when the two differ much, the box changed speed during the bench and its ratios are less sure.");
        return s.ToString();
    }

    private static string Ratio(double a, double b) => b <= 0 ? "n/a" : (a / b).ToString("F2", CultureInfo.InvariantCulture);

    private static string Megabytes(long? bytes) => bytes is { } b ? $"{b / 1024.0 / 1024.0:N0} MiB" : "unknown";
}
