using System.Diagnostics;
using System.Text.Json;
using FlashSale.Auth;
using FlashSale.LoadTests.Runner;
using Npgsql;

namespace FlashSale.LoadTests.Scenarios;

/// <param name="LastUnitSoldAfter">From the first arrival to the last purchase that won a unit.</param>
public sealed record LaunchResult(
    string SaleId, IReadOnlyList<StepReport> Steps, IReadOnlyList<Invariant> Invariants, TimeSpan? LastSaleToLastStoredOrder, TimeSpan? LastUnitSoldAfter = null)
{
    public bool Passed => Invariants.All(i => i.Holds);
}

/// <summary>
/// The Redmi launch: shoppers register, then all arrive within the first seconds after open, while F-code
/// holders redeem at the same time. Tokens are minted and codes issued before the clock starts.
/// </summary>
public static class RedmiLaunch
{
    public static async Task<LaunchResult> RunAsync(RedmiLaunchOptions o, TextWriter log, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var minter = new TokenMinter(new AuthOptions { SigningKey = o.SigningKey });
        var ops = minter.Mint($"loadtest-ops-{run}", TimeSpan.FromHours(2), AuthOptions.OpsRole);
        var shoppers = Enumerable.Range(0, o.Shoppers).Select(i => $"shopper-{run}-{i}").ToArray();
        var holders = Enumerable.Range(0, o.FcodeHolders).Select(i => $"fan-{run}-{i}").ToArray();
        var clock = Stopwatch.StartNew();
        var tokens = shoppers.Concat(holders).ToDictionary(s => s, s => minter.Mint(s, TimeSpan.FromHours(2)));
        log.WriteLine($"minted {tokens.Count:N0} tokens in {clock.Elapsed.TotalSeconds:F1} s");

        using var engine = new EngineClient(o.Api);
        var registrationBudget = o.OpensIn ?? TimeSpan.FromSeconds(5 + o.Shoppers / 2_000.0);
        var opensAt = DateTimeOffset.UtcNow + registrationBudget;
        var saleId = await engine.CreateSaleAsync(ops, new
        {
            sku = "redmi-1s", name = "Redmi 1S (launch replay)", stock = o.Units, fcodeStock = o.FcodeHolders, perShopperLimit = 1,
            startsAt = opensAt, endsAt = opensAt.AddHours(1), paymentWindowSeconds = 0, requiresRegistration = true,
        });
        var codes = new List<string>();
        foreach (var chunk in holders.Chunk(10_000))
        {
            codes.AddRange(await engine.IssueFcodesAsync(ops, saleId, chunk));
        }

        var registration = new StepStats("register", "register");
        clock.Restart();
        await Parallel.ForEachAsync(shoppers, new ParallelOptions { MaxDegreeOfParallelism = o.RegistrationConcurrency, CancellationToken = cancellationToken },
            async (shopper, _) =>
            {
                var started = clock.Elapsed;
                var outcome = await engine.PostAsync($"/api/v1/sales/{saleId}/registrations", tokens[shopper]);
                registration.Record(clock.Elapsed - started, outcome, clock.Elapsed);
            });
        var registered = registration.Report(clock.Elapsed);
        log.WriteLine($"registered {registered.Count:N0} shoppers in {clock.Elapsed.TotalSeconds:F1} s ({registered.PerSecond:N0}/s)");
        if (DateTimeOffset.UtcNow > opensAt)
        {
            throw new InvalidOperationException($"Registration took longer than the {registrationBudget.TotalSeconds:F0} s budgeted before the sale opened.");
        }
        await WaitUntilOpenAsync(engine, saleId, cancellationToken);

        var window = TimeSpan.FromSeconds(o.ArrivalSeconds);
        var sinceOpen = Stopwatch.StartNew();
        long lastSaleTicks = 0;
        var buy = new Scenario("buy", [new ScenarioStep("purchase", async c =>
            {
                var outcome = await engine.PostAsync($"/api/v1/sales/{saleId}/purchases", tokens[shoppers[c.Copy]], idempotencyKey: "launch");
                if (IsSale(outcome))
                {
                    InterlockedMax(ref lastSaleTicks, sinceOpen.Elapsed.Ticks);
                }
                return Classify(outcome);
            })],
            [new Inject(o.Shoppers, window, window)]);
        var redeem = new Scenario("fcode", [new ScenarioStep("redeem", async c =>
                Classify(await engine.PostAsync($"/api/v1/sales/{saleId}/purchases", tokens[holders[c.Copy]], new { fcode = codes[(int)c.Copy] }, "launch")))],
            [new Inject(o.FcodeHolders, window, window)]);
        log.WriteLine($"sale {saleId} open: {o.Shoppers:N0} shoppers and {o.FcodeHolders:N0} F-code holders arrive within {window.TotalSeconds:F1} s");
        var steps = await ScenarioRunner.RunAsync([buy, redeem], cancellationToken);

        var (invariants, lag) = await CheckAsync(o, engine, saleId, steps, cancellationToken);
        return new LaunchResult(saleId, [registered, .. steps], invariants, lag, lastSaleTicks > 0 ? TimeSpan.FromTicks(lastSaleTicks) : null);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var seen = Interlocked.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var previous && previous != seen)
        {
            seen = previous;
        }
    }

    /// <summary>A unit won: answered 201 at once, or won through a waiting-room ticket.</summary>
    private static bool IsSale(string outcome) => outcome is "201" or "won";

    /// <summary>Any answer the engine gives on purpose goes on; a 5xx or a transport error is a failure.</summary>
    private static StepResult Classify(string outcome) =>
        outcome.StartsWith('5') ? StepResult.Failure(outcome) : StepResult.Success(outcome);

    private static async Task WaitUntilOpenAsync(EngineClient engine, string saleId, CancellationToken cancellationToken)
    {
        while ((await engine.GetSaleAsync(saleId)).GetProperty("state").GetString() == "scheduled")
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    private static async Task<(IReadOnlyList<Invariant>, TimeSpan?)> CheckAsync(
        RedmiLaunchOptions o, EngineClient engine, string saleId, IReadOnlyList<StepReport> steps, CancellationToken cancellationToken)
    {
        var sale = await engine.GetSaleAsync(saleId);
        int Field(string name) => sale.GetProperty(name).GetInt32();
        var sold = Field("sold");
        var fcodeSold = Field("fcodeStock") - Field("fcodeRemaining");
        long Successes(string scenario) => steps.Where(s => s.Scenario == scenario).Sum(s => s.Outcomes.Where(x => IsSale(x.Key)).Sum(x => x.Value));

        await using var db = NpgsqlDataSource.Create(o.Postgres);
        var deadline = DateTime.UtcNow + o.DrainTimeout;
        long stored;
        while ((stored = await ScalarAsync<long>(db, "SELECT count(*) FROM orders WHERE sale_id = $1", saleId)) < sold + fcodeSold && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellationToken);
        }
        var overLimit = await ScalarAsync<long>(db,
            "SELECT count(*) FROM (SELECT shopper_id FROM orders WHERE sale_id = $1 AND fcode IS NULL GROUP BY shopper_id HAVING count(*) > 1) s", saleId);
        var reused = await ScalarAsync<long>(db,
            "SELECT count(*) FROM (SELECT fcode FROM orders WHERE sale_id = $1 AND fcode IS NOT NULL GROUP BY fcode HAVING count(*) > 1) f", saleId);
        var lag = await ScalarAsync<TimeSpan?>(db, "SELECT max(fulfilled_at) - max(confirmed_at) FROM orders WHERE sale_id = $1", saleId);

        return ([
            new("units sold ≤ stock", sold <= o.Units && fcodeSold <= o.FcodeHolders, $"{sold:N0} of {o.Units:N0}; F-code {fcodeSold:N0} of {o.FcodeHolders:N0}"),
            new("every unit won is a unit sold", Successes("buy") == sold && Successes("fcode") == fcodeSold, $"won: {Successes("buy"):N0} + {Successes("fcode"):N0} F-code"),
            new("orders in PostgreSQL = units sold", stored == sold + fcodeSold, $"{stored:N0} stored, {sold + fcodeSold:N0} sold"),
            new("no shopper over the limit", overLimit == 0, $"{overLimit} shoppers with more than 1 unit"),
            new("every F-code redeemed at most once", reused == 0, $"{reused} codes on more than one order"),
        ], lag);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql, string saleId)
    {
        await using var command = db.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = saleId });
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default! : (T)value;
    }
}
