using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using FlashSale.Auth;
using FlashSale.LoadTests.Machine;
using FlashSale.LoadTests.Runner;

namespace FlashSale.LoadTests.Scenarios;

/// <summary>
/// Replays a <see cref="LaunchPlan"/> against a running engine: mints every token, creates the sale, issues the
/// F-codes and registers the registrants before the clock starts; then replays every event at its moment
/// (open model), and finally checks the invariants through the API and directly in PostgreSQL.
/// </summary>
public static class LaunchReplay
{
    public static async Task<LaunchResult> RunAsync(LaunchPlan plan, LaunchOptions o, TextWriter log, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var minter = new TokenMinter(new AuthOptions { SigningKey = o.SigningKey });
        var ops = minter.Mint($"loadtest-ops-{run}", TimeSpan.FromHours(2), AuthOptions.OpsRole);
        var clock = Stopwatch.StartNew();
        var tokens = plan.Shoppers.ToDictionary(s => s, s => minter.Mint(s, TimeSpan.FromHours(2)), StringComparer.Ordinal);
        log.WriteLine($"{plan.Name}: minted {tokens.Count:N0} tokens in {clock.Elapsed.TotalSeconds:F1} s");

        using var engine = new EngineClient(o.Api);
        var setupBudget = o.OpensIn ?? TimeSpan.FromSeconds(5 + plan.Registrants.Count / 5_000.0 + plan.FcodeOwners.Count / 20_000.0);
        var opensAt = DateTimeOffset.UtcNow + setupBudget + plan.Lead;
        var saleId = await engine.CreateSaleAsync(ops, new
        {
            sku = "launch-replay", name = $"{plan.Name} (launch replay)", stock = plan.Units, fcodeStock = plan.FcodeOwners.Count, perShopperLimit = 1,
            startsAt = opensAt, endsAt = opensAt.AddHours(1), paymentWindowSeconds = 0, requiresRegistration = plan.RequiresRegistration,
        });
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in plan.FcodeOwners.Chunk(10_000))
        {
            foreach (var (owner, code) in chunk.Zip(await engine.IssueFcodesAsync(ops, saleId, chunk)))
            {
                codes[owner] = code;
            }
        }
        var registered = await RegisterAsync(plan, o, engine, saleId, tokens, cancellationToken);
        if (registered is not null)
        {
            log.WriteLine($"registered {registered.Count:N0} shoppers ({registered.PerSecond:N0}/s)");
        }
        // Before the setup budget's check, so a probe that overran it is caught there.
        var speedBefore = MachineSpeed.Probe(MachineSpeed.DefaultDuration);
        if (DateTimeOffset.UtcNow > opensAt - plan.Lead)
        {
            throw new InvalidOperationException($"Setting up took longer than the {setupBudget.TotalSeconds:F0} s budgeted before the first event; pass --opens-in.");
        }
        // Built before the open: built after it, a million events started about 140 ms late, and the sell-out time counted that.
        var tracker = new Tracker(plan.Lead);
        var actions = new LaunchActions(engine, saleId, tokens, codes, tracker);
        var scenarios = plan.Events.GroupBy(e => e.Action).Select(group =>
        {
            LaunchEvent[] events = [.. group];
            return new Scenario(group.Key, [new ScenarioStep(group.Key, c => actions.RunAsync(events[c.Copy]))],
                [new Recorded([.. events.Select(e => TimeSpan.FromSeconds(e.At) + plan.Lead)])]);
        }).ToArray();
        // Just before the first event: Kestrel closes connections that sit idle for over two minutes.
        var connectAt = opensAt - plan.Lead - TimeSpan.FromSeconds(2);
        if (connectAt > DateTimeOffset.UtcNow)
        {
            await Task.Delay(connectAt - DateTimeOffset.UtcNow, cancellationToken);
        }
        await engine.ConnectCrowdAsync(cancellationToken);
        if (plan.Lead > TimeSpan.Zero)
        {
            await Task.Delay(opensAt - plan.Lead - DateTimeOffset.UtcNow, cancellationToken);
        }
        else
        {
            await WaitUntilOpenAsync(engine, saleId, cancellationToken);
        }

        // Its own client: sharing the crowd's connection pool would queue each sample behind the whole crowd.
        using var sampling = new EngineClient(o.Api);
        tracker.Start();
        using var sampler = EngineSampler.Start(sampling, saleId, tracker, progress, cancellationToken);
        log.WriteLine($"replay starts {(DateTimeOffset.UtcNow - (opensAt - plan.Lead)).TotalMilliseconds:F0} ms after its scheduled start");
        log.WriteLine($"sale {saleId}: replaying {plan.Events.Count:N0} events over {plan.Events[^1].At + plan.Lead.TotalSeconds:F1} s");
        var cpu = CpuAccounting.Start();
        using var runtime = GeneratorRuntime.Start();
        var (replaying, replayStartedAt) = (Stopwatch.StartNew(), DateTime.UtcNow);
        var steps = await ScenarioRunner.RunAsync(scenarios, cancellationToken, sampler.Observe);
        var generatorRuntime = runtime.Stop();
        var cpuUse = cpu.Stop();
        var timeline = await sampler.StopAsync();

        var (invariants, lag, lastSale) = await LaunchInvariants.CheckAsync(plan, o, engine, saleId, tracker, cancellationToken);
        var speedAfter = MachineSpeed.Probe(MachineSpeed.DefaultDuration);
        IReadOnlyList<StepReport> all = registered is null ? steps : [registered, .. steps];
        var arrivals = plan.Events.GroupBy(e => (int)(e.At + plan.Lead.TotalSeconds)).Select(g => (g.Key, (long)g.Count())).ToArray();
        return new LaunchResult(plan.Name, saleId, all, invariants, lag, lastSale - opensAt,
            [.. Notes(plan, tracker), .. LearnedNote(tracker), .. MemoryNote(), PausesNote(generatorRuntime.Pauses, replaying.Elapsed, replayStartedAt, tracker.LastSale + plan.Lead), JitNote(generatorRuntime.Jit), SpeedNote(speedBefore, speedAfter)], timeline, arrivals, cpuUse);
    }

    private static async Task<StepReport?> RegisterAsync(
        LaunchPlan plan, LaunchOptions o, EngineClient engine, string saleId, Dictionary<string, string> tokens, CancellationToken cancellationToken)
    {
        if (plan.Registrants.Count == 0)
        {
            return null;
        }
        var registration = new StepStats("register", "register");
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(plan.Registrants, new ParallelOptions { MaxDegreeOfParallelism = o.RegistrationConcurrency, CancellationToken = cancellationToken },
            async (shopper, _) =>
            {
                var started = clock.Elapsed;
                var outcome = await engine.PostAsync($"/api/v1/sales/{saleId}/registrations", tokens[shopper]);
                registration.Record(clock.Elapsed - started, outcome, clock.Elapsed);
            });
        return registration.Report(clock.Elapsed);
    }

    private static async Task WaitUntilOpenAsync(EngineClient engine, string saleId, CancellationToken cancellationToken)
    {
        while ((await engine.GetSaleAsync(saleId)).GetProperty("state").GetString() == "scheduled")
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    /// <summary>When the last winner heard of it: later than the sale itself by however long the ticket's polling took.</summary>
    private static IEnumerable<string> LearnedNote(Tracker tracker) =>
        tracker.LastSale is { } learned ? [string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The last winner learned of their unit {learned.TotalSeconds:F2} s after the sale opened.")] : [];

    /// <summary>The engine host's peak resident memory so far, when it runs on this machine.</summary>
    private static IEnumerable<string> MemoryNote() =>
        PeakMemory.FindEngine() is { } pid && PeakMemory.Of(pid) is { } bytes
            ? [string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The engine host's peak resident memory: {bytes / 1024.0 / 1024.0:N0} MiB.")]
            : [];

    /// <summary>
    /// The longest pause and its moment (seconds of the replay, as the tables count them) place a stall of the crowd;
    /// so does the longest while units were left, when the sale's own seconds matter most.
    /// </summary>
    private static string PausesNote(GcPauses pauses, TimeSpan replay, DateTime replayStartedAt, TimeSpan? lastSale)
    {
        string At(GcPause p) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{p.Duration.TotalMilliseconds:F1} ms at {(p.StartedAtUtc - replayStartedAt).TotalSeconds:F2} s");
        var longest = pauses.Longest(DateTime.MinValue, DateTime.MaxValue) is { } any ? $", the longest {At(any)}" : "";
        var selling = lastSale is { } last && pauses.Longest(replayStartedAt, replayStartedAt + last) is { } before ? $" (before the last sale, {At(before)})" : "";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"The load generator's garbage collector paused it {pauses.Collections} times during the replay, {pauses.Total.TotalMilliseconds:N0} ms in all ({100 * pauses.Total / replay:F1} % of it){longest}{selling}; the crowd's requests waited meanwhile.");
    }

    private static string JitNote(JitWork jit) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"The load generator's JIT compiled {jit.Methods:N0} methods during the replay, in {jit.Time.TotalMilliseconds:N0} ms of CPU on the cores the engine shares.");

    private static string SpeedNote(double before, double after) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"Machine speed (one core, fixed work; compare runs by it, the machines are shared): {before:N0} rounds/s just before the replay, {after:N0} just after.");

    /// <summary>bot-storm's question: did hammering help? Win rates of shoppers by the first word of their name.</summary>
    private static IReadOnlyList<string> Notes(LaunchPlan plan, Tracker tracker)
    {
        var kinds = plan.Events.Where(e => e.Action == LaunchEvent.Buy).Select(e => e.Shopper).Distinct(StringComparer.Ordinal)
            .GroupBy(s => s.Split('-')[0]).Where(g => g.Key is "bot" or "human").ToArray();
        return [.. kinds.Select(g =>
        {
            var won = g.Count(tracker.BuyWinners.ContainsKey);
            return $"{g.Key}s: {won:N0} of {g.Count():N0} won a unit ({100.0 * won / g.Count():F2} %)";
        })];
    }
}

/// <summary>What the replay saw happen, for the invariants: who won, which codes went where.</summary>
public sealed class Tracker(TimeSpan lead)
{
    private readonly Stopwatch _sinceStart = new();
    private long _lastSaleTicks;
    private long _ticketsWaiting;

    public ConcurrentDictionary<string, byte> BuyWinners { get; } = new(StringComparer.Ordinal);

    /// <summary>Code (named by its first owner) → the shopper whose redemption won it.</summary>
    public ConcurrentDictionary<string, string> RedeemWinners { get; } = new(StringComparer.Ordinal);

    /// <summary>Code (named by its first owner) → the friend it was handed to.</summary>
    public ConcurrentDictionary<string, string> Transfers { get; } = new(StringComparer.Ordinal);

    public TimeSpan? LastSale => _lastSaleTicks > 0 ? TimeSpan.FromTicks(_lastSaleTicks) - lead : null;

    public long TicketsWaiting => Interlocked.Read(ref _ticketsWaiting);

    /// <summary>The replay's first event is due: the times it records count from here.</summary>
    public void Start() => _sinceStart.Start();

    public void Sold()
    {
        var now = _sinceStart.Elapsed.Ticks;
        var seen = Interlocked.Read(ref _lastSaleTicks);
        while (now > seen && Interlocked.CompareExchange(ref _lastSaleTicks, now, seen) is var previous && previous != seen)
        {
            seen = previous;
        }
    }

    public void TicketIssued() => Interlocked.Increment(ref _ticketsWaiting);

    public void TicketAnswered() => Interlocked.Decrement(ref _ticketsWaiting);
}
