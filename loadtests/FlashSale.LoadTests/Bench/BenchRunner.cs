using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using FlashSale.Auth;
using FlashSale.LoadTests.Machine;
using FlashSale.LoadTests.Runner;
using FlashSale.LoadTests.Scenarios;
using Npgsql;

namespace FlashSale.LoadTests.Bench;

/// <summary>
/// Drives the bare Kestrel limit, the common PostgreSQL design, a bare Redis DECR and the engine one after the
/// other with the same generator and the same concurrency, then wrk on the bare endpoint and on the engine; after
/// a warm-up of every target, in rounds.
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
        await using var orders = NpgsqlDataSource.Create(o.Postgres);
        await WaitUntilAnswersAsync(baselines, cancellationToken);

        var minter = new TokenMinter(new AuthOptions { SigningKey = o.SigningKey });
        var run = Guid.NewGuid().ToString("N")[..8];
        // Each engine purchase in a run is a new shopper (every run opens its own sale): enough tokens for a rate
        // well past any measured so far.
        var longestRun = Math.Max(o.Duration.TotalSeconds, o.WarmUp.TotalSeconds);
        var tokens = Enumerable.Range(0, (int)(longestRun * 40_000)).Select(i => minter.Mint($"bench-{run}-{i}", TimeSpan.FromHours(1))).ToArray();
        var ops = minter.Mint($"bench-ops-{run}", TimeSpan.FromHours(1), AuthOptions.OpsRole);
        log.WriteLine($"minted {tokens.Length:N0} tokens");

        var targets = Targets(baselines, engine, orders, ops, tokens);
        if (o.WarmUp > TimeSpan.Zero)
        {
            foreach (var target in targets)
            {
                await MeasureAsync(target, o.WarmUp, o.Connections, cancellationToken);
            }
            log.WriteLine($"warmed up: {o.WarmUp.TotalSeconds:F0} s a target, unmeasured");
        }

        var tokenFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(tokenFile, tokens, cancellationToken);
            var speedBefore = MachineSpeed.Probe(MachineSpeed.DefaultDuration);
            var rounds = new List<BenchRound>();
            for (var round = 1; round <= o.Rounds; round++)
            {
                rounds.Add(await MeasureRoundAsync(round, targets, o, () => RunWrkOnEngineAsync(o, engine, orders, ops, tokenFile, cancellationToken), log, cancellationToken));
            }
            // Checked at the end, not at the start: a server left on the port answers at once, while ours takes a moment
            // to fail to bind, and every figure above would then be that other server's.
            if (baseline.HasExited)
            {
                throw new InvalidOperationException(
                    $"The baseline server exited (code {baseline.ExitCode}): something else answers on port {o.BaselinePort}. Stop it or pass --port.");
            }
            var speedAfter = MachineSpeed.Probe(MachineSpeed.DefaultDuration);
            var enginePid = PeakMemory.FindEngine();
            return new BenchReport(o, rounds, enginePid is { } pid ? PeakMemory.Of(pid) : null, PeakMemory.Of(baseline.Id), (speedBefore, speedAfter));
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }

    /// <summary>The four designs, the limit first and the engine last (the order <see cref="BenchRound"/> reads them in).</summary>
    private static BenchTarget[] Targets(EngineClient baselines, EngineClient engine, NpgsqlDataSource orders, string ops, string[] tokens) =>
    [
        BenchTarget.Stateless("bare Kestrel (the limit)", _ => baselines.PostAsync("/bare", null)),
        BenchTarget.Stateless("common design: PostgreSQL transaction", n => baselines.PostAsync("/postgres/purchases", null, idempotencyKey: $"s{n}")),
        BenchTarget.Stateless("Redis DECR, no grain", _ => baselines.PostAsync("/redis/purchases", null)),
        new("engine", async () =>
        {
            var saleId = await OpenSaleAsync(engine, ops, "Bench phone");
            return new BenchRun(
                n => engine.PostAsync($"/api/v1/sales/{saleId}/purchases", tokens[n % tokens.Length], idempotencyKey: "bench"),
                cancellationToken => DrainAsync(engine, orders, saleId, cancellationToken));
        }),
    ];

    /// <summary>Every target once with the C# generator, then wrk on the bare endpoint and on the engine.</summary>
    private static async Task<BenchRound> MeasureRoundAsync(
        int round, BenchTarget[] targets, BenchOptions o, Func<Task<double?>> wrkEngine, TextWriter log, CancellationToken cancellationToken)
    {
        var results = new BenchResult[targets.Length];
        // Every other round runs the targets in reverse, so a machine that speeds up or slows down through a round
        // does not favour the same target every time.
        var order = Enumerable.Range(0, targets.Length);
        foreach (var i in round % 2 == 1 ? order : order.Reverse())
        {
            var r = results[i] = await MeasureAsync(targets[i], o.Duration, o.Connections, cancellationToken);
            log.WriteLine($"round {round}, {r.Target}: {r.PerSecond:N0} req/s, p50 {r.P50.TotalMilliseconds:F1} ms, p99 {r.P99.TotalMilliseconds:F1} ms");
        }
        var wrkBare = await RunWrkAsync(o, [$"http://127.0.0.1:{o.BaselinePort}/bare"], cancellationToken);
        log.WriteLine(wrkBare is null ? "wrk: not installed (apt install wrk)" : $"round {round}, wrk, bare Kestrel: {wrkBare:N0} req/s");
        var wrkOnEngine = wrkBare is null ? null : await wrkEngine();
        if (wrkOnEngine is not null)
        {
            log.WriteLine($"round {round}, wrk, engine: {wrkOnEngine:N0} req/s");
        }
        return new BenchRound(results, wrkBare, wrkOnEngine);
    }

    private static async Task<BenchResult> MeasureAsync(BenchTarget target, TimeSpan duration, int connections, CancellationToken cancellationToken)
    {
        var run = await target.StartRun();
        long next = 0;
        var scenario = new Scenario(target.Name, [new ScenarioStep("purchase", async _ =>
            {
                var outcome = await run.Purchase(Interlocked.Increment(ref next) - 1);
                return outcome.StartsWith('5') ? StepResult.Failure(outcome) : StepResult.Success(outcome);
            })],
            [new KeepConstant(connections, duration)]);
        var report = (await ScenarioRunner.RunAsync([scenario], cancellationToken)).Single();
        var sales = report.Outcomes.Where(x => x.Key is "201" or "204" or "won").Sum(x => x.Value);
        var drained = run.Drain is null ? (TimeSpan?)null : await run.Drain(cancellationToken);
        return new BenchResult(target.Name, report.Count, report.PerSecond, sales / duration.TotalSeconds, report.P50, report.P99, report.Outcomes, drained);
    }

    /// <summary>A sale open now, big enough that no run sells it out; each run buys from one of its own.</summary>
    private static Task<string> OpenSaleAsync(EngineClient engine, string ops, string name) => engine.CreateSaleAsync(ops, new
    {
        sku = "bench-phone", name, stock = BaselineServer.Stock / 10, perShopperLimit = 1,
        startsAt = DateTimeOffset.UtcNow.AddMinutes(-1), endsAt = DateTimeOffset.UtcNow.AddHours(1), paymentWindowSeconds = 0,
    });

    /// <summary>
    /// Until PostgreSQL holds every order the sale sold, and how long that took. The engine hands a selling sale's
    /// orders to fulfillment once its crowd pauses, so without this wait the next target would be measured while the
    /// engine's fulfillment works.
    /// </summary>
    private static async Task<TimeSpan> DrainAsync(EngineClient engine, NpgsqlDataSource orders, string saleId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var sold = (await engine.GetSaleAsync(saleId)).GetProperty("sold").GetInt32();
        var stored = await LaunchInvariants.CountWhenAtLeastAsync(
            orders, "SELECT count(*) FROM orders WHERE sale_id = $1", saleId, sold, DateTime.UtcNow + TimeSpan.FromMinutes(2), cancellationToken);
        return stored >= sold
            ? Stopwatch.GetElapsedTime(started)
            : throw new InvalidOperationException($"Fulfillment stored {stored:N0} of the {sold:N0} orders of bench sale {saleId} within two minutes.");
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
    /// wrk buying from a fresh engine sale as distinct shoppers (loadtests/wrk/shoppers.lua), one token of
    /// <paramref name="tokenFile"/> each: the engine's figure from a generator that costs the machine far less.
    /// </summary>
    private static async Task<double?> RunWrkOnEngineAsync(
        BenchOptions o, EngineClient engine, NpgsqlDataSource orders, string ops, string tokenFile, CancellationToken cancellationToken)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "wrk", "shoppers.lua");
        var saleId = await OpenSaleAsync(engine, ops, "Bench phone (wrk)");
        var perSecond = await RunWrkAsync(o, ["-s", script, o.Api.ToString().TrimEnd('/'), "--", tokenFile, $"/api/v1/sales/{saleId}/purchases", "2"], cancellationToken);
        await DrainAsync(engine, orders, saleId, cancellationToken);
        return perSecond;
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
