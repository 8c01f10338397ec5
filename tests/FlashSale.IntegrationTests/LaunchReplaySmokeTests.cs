using FlashSale.LoadTests;
using FlashSale.LoadTests.Reporting;
using FlashSale.LoadTests.Scenarios;
using Xunit.Abstractions;

namespace FlashSale.IntegrationTests;

/// <summary>A small redmi-launch replay against a real engine, with every invariant checked afterwards.</summary>
public sealed class LaunchReplaySmokeTests(EngineFixture engine, ITestOutputHelper output) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task A_small_redmi_launch_sells_exactly_the_stock_and_keeps_every_invariant()
    {
        var env = engine.Environment;
        var log = new StringWriter();

        var options = new LaunchOptions
        {
            Api = engine.Host.Address,
            Postgres = env.PostgresConnectionString,
            SigningKey = env.Auth.SigningKey,
            Shoppers = 20_000,
            Units = 2_000,
            FcodeHolders = 200,
            ArrivalSeconds = 2,
            OpensIn = TimeSpan.FromSeconds(20),
        };
        var result = await LaunchReplay.RunAsync(LaunchPlans.RedmiLaunch(options, "smoke"), options, log, null, CancellationToken.None);

        output.WriteLine(log.ToString());
        output.WriteLine(MarkdownReport.Render("redmi-launch smoke", result));
        Assert.All(result.Invariants, i => Assert.True(i.Holds, $"{i.Name}: {i.Detail}"));
        var buy = result.Steps.Single(s => s.Scenario == "buy");
        Assert.Equal(20_000, buy.Count);
        // Some win at once (201), some through the waiting room (won): together exactly the stock.
        Assert.Equal(2_000, buy.Outcomes.GetValueOrDefault("201") + buy.Outcomes.GetValueOrDefault("won"));
        Assert.Equal(18_000, buy.Outcomes["sold_out"]);
        Assert.Equal(200, result.Steps.Single(s => s.Scenario == "redeem").Outcomes["201"]);
        Assert.Equal(20_000, result.Steps.Single(s => s.Scenario == "register").Outcomes["201"]);
        Assert.NotNull(result.LastUnitSoldAfter);
    }

    [Fact]
    public async Task The_preflight_passes_a_ready_engine_and_names_a_postgres_that_refuses_connections()
    {
        var env = engine.Environment;

        var ready = await Preflight.ProblemAsync(engine.Host.Address, env.PostgresConnectionString, CancellationToken.None);
        var wrongPort = await Preflight.ProblemAsync(engine.Host.Address, env.PostgresConnectionString + ";Port=1", CancellationToken.None);

        Assert.Null(ready);
        Assert.NotNull(wrongPort);
        Assert.StartsWith("PostgreSQL does not take connections", wrongPort, StringComparison.Ordinal);
        Assert.Contains("./infra/servers.sh start", wrongPort, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_generators_warm_up_is_a_small_fcode_rush_that_keeps_every_invariant()
    {
        var env = engine.Environment;
        var launch = new LaunchOptions { Api = engine.Host.Address, Postgres = env.PostgresConnectionString, SigningKey = env.Auth.SigningKey };

        var result = await GeneratorWarmUp.RunAsync(launch, CancellationToken.None);

        output.WriteLine(MarkdownReport.Render("warm-up", result));
        Assert.All(result.Invariants, i => Assert.True(i.Holds, $"{i.Name}: {i.Detail}"));
        Assert.Contains(result.Invariants, i => i.Name == "an F-code buys only for whoever holds it");
        var buy = result.Steps.Single(s => s.Scenario == "buy");
        Assert.Equal(2_000, buy.Count);
        Assert.Equal(1_000, buy.Outcomes.GetValueOrDefault("201") + buy.Outcomes.GetValueOrDefault("won"));
        // 200 codes, 40 of them handed on: every code buys once, for whoever holds it at the open.
        Assert.Equal(200, result.Steps.Single(s => s.Scenario == "redeem").Outcomes["201"]);
    }
}
