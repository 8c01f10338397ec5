using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using FlashSale.Auth;
using FlashSale.LoadTests.Machine;
using FlashSale.LoadTests.Runner;

namespace FlashSale.LoadTests.Bench;

/// <summary>
/// Drives the bare Kestrel limit, the common PostgreSQL design, a bare Redis DECR and the engine one after the
/// other with the same generator and the same concurrency, then cross-checks the bare figure with wrk.
/// </summary>
public static partial class BenchRunner
{
    public static async Task<BenchReport> RunAsync(BenchOptions o, TextWriter log, CancellationToken cancellationToken)
    {
        using var baseline = StartBaselineServer(o);
        try
        {
            return await MeasureAllAsync(o, baseline, log, cancellationToken);
        }
        finally
        {
            baseline.Kill(entireProcessTree: true);
        }
    }

    private static async Task<BenchReport> MeasureAllAsync(BenchOptions o, Process baseline, TextWriter log, CancellationToken cancellationToken)
    {
        using var engine = new EngineClient(o.Api);
        using var baselines = new EngineClient(new Uri($"http://127.0.0.1:{o.BaselinePort}"));
        await WaitUntilAnswersAsync(baselines, cancellationToken);

        var minter = new TokenMinter(new AuthOptions { SigningKey = o.SigningKey });
        var run = Guid.NewGuid().ToString("N")[..8];
        // Each engine purchase is a new shopper: enough tokens for a rate well past any measured so far.
        var tokens = Enumerable.Range(0, (int)(o.Duration.TotalSeconds * 40_000)).Select(i => minter.Mint($"bench-{run}-{i}", TimeSpan.FromHours(1))).ToArray();
        var ops = minter.Mint($"bench-ops-{run}", TimeSpan.FromHours(1), AuthOptions.OpsRole);
        var saleId = await engine.CreateSaleAsync(ops, new
        {
            sku = "bench-phone", name = "Bench phone", stock = BaselineServer.Stock / 10, perShopperLimit = 1,
            startsAt = DateTimeOffset.UtcNow.AddMinutes(-1), endsAt = DateTimeOffset.UtcNow.AddHours(1), paymentWindowSeconds = 0,
        });
        log.WriteLine($"minted {tokens.Length:N0} tokens; engine sale {saleId}");

        BenchTarget[] targets =
        [
            new("bare Kestrel (the limit)", _ => baselines.PostAsync("/bare", null)),
            new("common design: PostgreSQL transaction", n => baselines.PostAsync("/postgres/purchases", null, idempotencyKey: $"s{n}")),
            new("Redis DECR, no grain", _ => baselines.PostAsync("/redis/purchases", null)),
            new("engine", n => engine.PostAsync($"/api/v1/sales/{saleId}/purchases", tokens[n % tokens.Length], idempotencyKey: "bench")),
        ];
        var speedBefore = MachineSpeed.Probe(MachineSpeed.DefaultDuration);
        var results = new List<BenchResult>();
        foreach (var target in targets)
        {
            var result = await MeasureAsync(target, o, cancellationToken);
            log.WriteLine($"{target.Name}: {result.PerSecond:N0} req/s, p50 {result.P50.TotalMilliseconds:F1} ms, p99 {result.P99.TotalMilliseconds:F1} ms");
            results.Add(result);
        }
        var wrkBare = await RunWrkAsync(o, [$"http://127.0.0.1:{o.BaselinePort}/bare"], cancellationToken);
        log.WriteLine(wrkBare is null ? "wrk: not installed (apt install wrk)" : $"wrk, bare Kestrel: {wrkBare:N0} req/s");
        var wrkEngine = await RunWrkOnEngineAsync(o, engine, ops, tokens, cancellationToken);
        log.WriteLine($"wrk, engine: {wrkEngine:N0} req/s");
        // Checked at the end, not at the start: a server left on the port answers at once, while ours takes a moment
        // to fail to bind, and every figure above would then be that other server's.
        if (baseline.HasExited)
        {
            throw new InvalidOperationException(
                $"The baseline server exited (code {baseline.ExitCode}): something else answers on port {o.BaselinePort}. Stop it or pass --port.");
        }
        var speedAfter = MachineSpeed.Probe(MachineSpeed.DefaultDuration);
        var enginePid = PeakMemory.FindEngine();
        return new BenchReport(o, results, wrkBare, wrkEngine, enginePid is { } pid ? PeakMemory.Of(pid) : null, PeakMemory.Of(baseline.Id), (speedBefore, speedAfter));
    }

    private static async Task<BenchResult> MeasureAsync(BenchTarget target, BenchOptions o, CancellationToken cancellationToken)
    {
        long next = 0;
        var scenario = new Scenario(target.Name, [new ScenarioStep("purchase", async _ =>
            {
                var outcome = await target.Purchase(Interlocked.Increment(ref next) - 1);
                return outcome.StartsWith('5') ? StepResult.Failure(outcome) : StepResult.Success(outcome);
            })],
            [new KeepConstant(o.Connections, o.Duration)]);
        var report = (await ScenarioRunner.RunAsync([scenario], cancellationToken)).Single();
        var sales = report.Outcomes.Where(x => x.Key is "201" or "204" or "won").Sum(x => x.Value);
        return new BenchResult(target.Name, report.Count, report.PerSecond, sales / o.Duration.TotalSeconds, report.P50, report.P99, report.Outcomes);
    }

    /// <summary>The same executable, serving the baselines in a process of its own.</summary>
    private static Process StartBaselineServer(BenchOptions o)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BenchRunner).Assembly.Location);
        }
        foreach (var arg in new[] { "serve-baselines", "--port", o.BaselinePort.ToString(CultureInfo.InvariantCulture), "--postgres", o.Postgres, "--redis", o.Redis })
        {
            start.ArgumentList.Add(arg);
        }
        return Process.Start(start)!;
    }

    private static async Task WaitUntilAnswersAsync(EngineClient baselines, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                if (await baselines.PostAsync("/bare", null) == "204")
                {
                    return;
                }
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }
            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>
    /// wrk buying from a fresh engine sale as distinct shoppers (loadtests/wrk/shoppers.lua), with tokens the
    /// C# run did not use: the engine's figure from a generator that costs the machine far less.
    /// </summary>
    private static async Task<double?> RunWrkOnEngineAsync(BenchOptions o, EngineClient engine, string ops, string[] tokens, CancellationToken cancellationToken)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "wrk", "shoppers.lua");
        var tokenFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(tokenFile, tokens, cancellationToken);
            var saleId = await engine.CreateSaleAsync(ops, new
            {
                sku = "bench-phone", name = "Bench phone (wrk)", stock = BaselineServer.Stock / 10, perShopperLimit = 1,
                startsAt = DateTimeOffset.UtcNow.AddMinutes(-1), endsAt = DateTimeOffset.UtcNow.AddHours(1), paymentWindowSeconds = 0,
            });
            return await RunWrkAsync(o, ["-s", script, o.Api.ToString().TrimEnd('/'), "--", tokenFile, $"/api/v1/sales/{saleId}/purchases", "2"], cancellationToken);
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }

    private static async Task<double?> RunWrkAsync(BenchOptions o, string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["-t2", $"-c{o.Connections}", $"-d{(int)o.Duration.TotalSeconds}s", .. args])
        {
            start.ArgumentList.Add(arg);
        }
        try
        {
            using var wrk = Process.Start(start)!;
            var output = await wrk.StandardOutput.ReadToEndAsync(cancellationToken);
            await wrk.WaitForExitAsync(cancellationToken);
            var match = RequestsPerSecond().Match(output);
            return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // wrk is not installed
        }
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();
}
