using System.CommandLine;
using FlashSale.LoadTests.Bench;
using FlashSale.LoadTests.Reporting;
using FlashSale.LoadTests.Scenarios;

namespace FlashSale.LoadTests;

/// <summary>
/// The load tool's entry point. Not top-level statements: with ASP.NET Core referenced (for the bench's baseline
/// server) those would make a public <c>Program</c> that clashes with the engine host's in the integration tests.
/// </summary>
public static class LoadTool
{
    public static Task<int> Main(string[] args) => CreateRoot().Parse(args).InvokeAsync();

    public static RootCommand CreateRoot()
    {
        var launch = LaunchCommands.Create("redmi-launch", "Registered shoppers all arrive within seconds of open while F-code holders redeem.",
            new LaunchOptions(), LaunchPlans.RedmiLaunch);
        var noon = LaunchCommands.Create("mi3-noon", "3.77 million arrivals for 300,000 units at noon, scaled by --fraction.",
            new LaunchOptions { ArrivalSeconds = 10 }, LaunchPlans.Mi3Noon);
        var rush = LaunchCommands.Create("fcode-rush", "Many F-code holders, a share of whom hand their code to a friend just before open.",
            new LaunchOptions { FcodeHolders = 50_000, Shoppers = 20_000, Units = 2_000 }, LaunchPlans.FcodeRush);
        var storm = LaunchCommands.Create("bot-storm", "20% of the clients are bots retrying 50 times as often as humans.",
            new LaunchOptions { Shoppers = 20_000, Units = 2_000, FcodeHolders = 0 }, LaunchPlans.BotStorm);
        var replay = LaunchCommands.Create("replay", "Replays a recorded launch (--file, JSON lines of {at, shopper, action[, code, to]}).",
            new LaunchOptions { Units = 1_000 }, (o, _) => LaunchPlans.FromFile(o), fromFile: true);

        var engine = new EngineOptions();
        var bench = new BenchOptions();
        var seconds = new Option<int>("--seconds") { DefaultValueFactory = _ => (int)bench.Duration.TotalSeconds, Description = "How long each target is driven in each round." }.AtLeast(1);
        var rounds = new Option<int>("--rounds") { DefaultValueFactory = _ => bench.Rounds, Description = "How many times every target is measured; ratios are taken within a round." }.AtLeast(1);
        var warmUp = new Option<int>("--warm-up") { DefaultValueFactory = _ => (int)bench.WarmUp.TotalSeconds, Description = "Seconds each target is driven, unmeasured, before the first round." }.AtLeast(0);
        var connections = new Option<int>("--connections") { DefaultValueFactory = _ => bench.Connections, Description = "Requests in flight at once, for every target." }.Between(1, BenchOptions.MaxConnections);
        var redis = new Option<string>("--redis") { DefaultValueFactory = _ => "127.0.0.1:6379", Description = "Redis for the DECR baseline." };
        var port = new Option<int>("--port") { DefaultValueFactory = _ => 5090, Description = "Where the baseline server listens." }.Between(1, 65_535);
        var benchOutput = new Option<FileInfo>("--out") { DefaultValueFactory = _ => new FileInfo($"loadtests/reports/bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md") };
        var benchCommand = new Command("bench", "Bare Kestrel, the common PostgreSQL design, Redis DECR and the engine, side by side with one generator.")
        {
            seconds, rounds, warmUp, connections, redis, port, benchOutput,
        };
        engine.AddTo(benchCommand);
        benchCommand.SetAction(async (parsed, cancellationToken) =>
        {
            var api = new Uri(parsed.GetValue(engine.Api)!);
            if (await Preflight.ProblemAsync(api, parsed.GetValue(engine.Postgres)!, cancellationToken) is { } problem)
            {
                await Console.Error.WriteLineAsync(problem);
                return Preflight.ExitCode;
            }
            var build = await Preflight.EngineBuildAsync(api, cancellationToken);
            var report = await BenchRunner.RunAsync(bench with
            {
                Api = api,
                Postgres = parsed.GetValue(engine.Postgres)!,
                Redis = parsed.GetValue(redis)!,
                SigningKey = engine.SigningKeyOf(parsed),
                Duration = TimeSpan.FromSeconds(parsed.GetValue(seconds)),
                Rounds = parsed.GetValue(rounds),
                WarmUp = TimeSpan.FromSeconds(parsed.GetValue(warmUp)),
                Connections = parsed.GetValue(connections),
                BaselinePort = parsed.GetValue(port),
            }, Console.Out, cancellationToken) with { EngineBuild = build };
            var markdown = BenchMarkdown.Render(report);
            var file = parsed.GetValue(benchOutput)!;
            file.Directory?.Create();
            await File.WriteAllTextAsync(file.FullName, markdown, cancellationToken);
            Console.WriteLine(markdown);
            Console.WriteLine($"report: {file.FullName}");
            return 0;
        });

        var serveBaselines = new Command("serve-baselines", "The bench's baseline server (bench starts it itself).") { port, engine.Postgres, redis };
        serveBaselines.SetAction((parsed, cancellationToken) =>
            BaselineServer.RunAsync(parsed.GetValue(port), parsed.GetValue(engine.Postgres)!, parsed.GetValue(redis)!, cancellationToken));

        return new RootCommand("FlashSale launch replay.") { launch, noon, rush, storm, replay, benchCommand, serveBaselines };
    }
}
