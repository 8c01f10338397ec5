using System.Globalization;
using System.Text;
using FlashSale.LoadTests.Bench;

namespace FlashSale.LoadTests.Reporting;

/// <summary>
/// The bench as Markdown: every round's throughput beside the median, and the ratios the targets are judged by, each
/// taken within a round (the targets measured minutes apart on a shared machine) and given as the median and range.
/// </summary>
public static class BenchMarkdown
{
    public static string Render(BenchReport report)
    {
        var o = report.Options;
        var rounds = report.Rounds;
        var wrkBare = rounds.All(r => r.WrkBarePerSecond is not null);
        var wrkEngine = rounds.All(r => r.WrkEnginePerSecond is not null);
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"# bench, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"{o.Connections} requests in flight. Every target driven {o.WarmUp.TotalSeconds:F0} s unmeasured, then " +
            $"{o.Rounds} rounds of {o.Duration.TotalSeconds:F0} s a target, one after the other (in reverse every other round){(wrkBare ? ", then wrk" : "")}; " +
            $"{Environment.ProcessorCount} cores shared by the generator, the servers and the engine.{MarkdownReport.Build(report.EngineBuild)}");
        if (!wrkBare)
        {
            // Without wrk nothing shows that the C# generator is not what limits the figures.
            s.AppendLine();
            s.AppendLine("wrk is not installed (`apt-get install wrk`), so no figure here is cross-checked against it.");
        }
        s.AppendLine();
        s.AppendLine("| target | requests/s, each round | requests/s (median) | sales/s (median) | p50 | p99 | outcomes, all rounds |");
        s.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | --- |");
        for (var i = 0; i < rounds[0].Results.Count; i++)
        {
            var results = rounds.Select(r => r.Results[i]).ToArray();
            var outcomes = results.SelectMany(r => r.Outcomes).GroupBy(x => x.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {results[0].Target} | {EachRound(results.Select(r => r.PerSecond))} | {Median(results.Select(r => r.PerSecond)):N0} | " +
                $"{Median(results.Select(r => r.SalesPerSecond)):N0} | {Median(results.Select(r => r.P50.TotalMilliseconds)):F1} ms | " +
                $"{Median(results.Select(r => r.P99.TotalMilliseconds)):F1} ms | {string.Join(", ", outcomes.Select(g => $"{g.Key}: {g.Sum(x => x.Value):N0}"))} |");
        }
        if (wrkBare)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"| wrk: bare Kestrel | {EachRound(rounds.Select(r => r.WrkBarePerSecond!.Value))} | {Median(rounds.Select(r => r.WrkBarePerSecond!.Value)):N0} | | | | |");
        }
        if (wrkEngine)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"| wrk: engine | {EachRound(rounds.Select(r => r.WrkEnginePerSecond!.Value))} | {Median(rounds.Select(r => r.WrkEnginePerSecond!.Value)):N0} | | | | |");
        }
        s.AppendLine();
        s.AppendLine("| ratio, within each round | median | range | target |");
        s.AppendLine("| --- | ---: | ---: | ---: |");
        void Ratio(string name, Func<BenchRound, double> over, Func<BenchRound, double> under, string target)
        {
            var ratios = rounds.Select(r => under(r) <= 0 ? double.NaN : over(r) / under(r)).ToArray();
            var value = ratios.Any(double.IsNaN)
                ? "n/a | "
                : string.Create(CultureInfo.InvariantCulture, $"**{Median(ratios):F2}** | {ratios.Min():F2}–{ratios.Max():F2}");
            s.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} | {target} |");
        }
        Ratio("engine sales/s ÷ bare Kestrel requests/s", r => r.Engine.SalesPerSecond, r => r.Bare.PerSecond, "≥ 0.50");
        Ratio("engine ÷ common design (sales/s)", r => r.Engine.SalesPerSecond, r => r.Common.SalesPerSecond, "≥ 10");
        Ratio("engine ÷ Redis DECR (sales/s)", r => r.Engine.SalesPerSecond, r => r.Redis.SalesPerSecond, "");
        if (wrkBare)
        {
            Ratio("C# generator ÷ wrk, bare Kestrel", r => r.Bare.PerSecond, r => r.WrkBarePerSecond!.Value, "≈ 1 when the generator is not the bottleneck");
        }
        if (wrkEngine)
        {
            Ratio("C# generator ÷ wrk, engine", r => r.Engine.PerSecond, r => r.WrkEnginePerSecond!.Value, "≈ 1 when the generator is not the bottleneck");
        }
        if (wrkBare && wrkEngine)
        {
            Ratio("engine ÷ bare Kestrel, both by wrk", r => r.WrkEnginePerSecond!.Value, r => r.WrkBarePerSecond!.Value, "≥ 0.50");
        }
        var drained = rounds.All(r => r.Engine.Drained is not null);
        // The engine stores a selling sale's orders once its crowd pauses: counting the time that took as the run's
        // gives the rate it can keep up, fulfillment included.
        double CountingDrain(BenchRound r) => r.Engine.SalesPerSecond * o.Duration.TotalSeconds / (o.Duration + r.Engine.Drained!.Value).TotalSeconds;
        if (drained)
        {
            Ratio("engine sales/s counting fulfillment's drain ÷ bare Kestrel requests/s", CountingDrain, r => r.Bare.PerSecond, "");
            s.AppendLine();
            s.AppendLine(CultureInfo.InvariantCulture,
                $"The engine holds a selling sale's orders in Redis until its crowd pauses: PostgreSQL held each engine run's orders " +
                $"{EachRound(rounds.Select(r => r.Engine.Drained!.Value.TotalSeconds), "F2")} s after the run ended. Counting that time as the run's, " +
                $"the engine sold {Median(rounds.Select(CountingDrain)):N0} units a second (median).");
        }
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"Peak resident memory: engine host {Megabytes(report.EnginePeakBytes)}, baseline server {Megabytes(report.BaselinePeakBytes)}.");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture,
            $"Machine speed (one core, fixed work): {report.MachineSpeed.Before:N0} rounds/s before the first round, {report.MachineSpeed.After:N0} after the last. The machines are shared: when the two differ much, the box changed speed during the bench, and the rounds' ranges show how much that moved the ratios.");
        return s.ToString();
    }

    private static string EachRound(IEnumerable<double> values, string format = "N0") =>
        string.Join(" · ", values.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));

    /// <summary>The middle value; the mean of the middle two for an even count.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Megabytes(long? bytes) => bytes is { } b ? $"{b / 1024.0 / 1024.0:N0} MiB" : "unknown";
}
