using System.CommandLine;
using FlashSale.LoadTests.Bench;
using FlashSale.LoadTests.Reporting;
using FlashSale.LoadTests.Scenarios;

var shoppers = new Option<int>("--shoppers") { DefaultValueFactory = _ => 1_000_000, Description = "Registered shoppers who arrive at open." };
var units = new Option<int>("--units") { DefaultValueFactory = _ => 100_000, Description = "Units in the general pool." };
var fcodes = new Option<int>("--fcodes") { DefaultValueFactory = _ => 5_000, Description = "F-code holders redeeming at open (one unit each)." };
var arrival = new Option<double>("--arrival-seconds") { DefaultValueFactory = _ => 5, Description = "Every shopper arrives within this window after open." };
var opensIn = new Option<double?>("--opens-in") { Description = "Seconds from creating the sale to its opening; registration must fit (default 5 + 1 per 2,000 shoppers)." };
var api = new Option<string>("--api") { DefaultValueFactory = _ => "http://127.0.0.1:5080" };
var postgres = new Option<string>("--postgres") { DefaultValueFactory = _ => new RedmiLaunchOptions().Postgres, Description = "The engine's PostgreSQL, for the invariants." };
var key = new Option<string?>("--signing-key") { Description = "The engine's signing key (default: FlashSale__Auth__SigningKey, then the development key)." };
var output = new Option<FileInfo>("--out") { DefaultValueFactory = _ => new FileInfo($"loadtests/reports/redmi-launch-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md") };

var launch = new Command("redmi-launch", "Shoppers register, then all arrive within seconds of open while F-code holders redeem.")
{
    shoppers, units, fcodes, arrival, opensIn, api, postgres, key, output,
};
launch.SetAction(async (parsed, cancellationToken) =>
{
    var result = await RedmiLaunch.RunAsync(new RedmiLaunchOptions
    {
        Api = new Uri(parsed.GetValue(api)!),
        Postgres = parsed.GetValue(postgres)!,
        SigningKey = parsed.GetValue(key) ?? Environment.GetEnvironmentVariable("FlashSale__Auth__SigningKey") ?? FlashSale.Auth.AuthOptions.DevelopmentSigningKey,
        Shoppers = parsed.GetValue(shoppers),
        Units = parsed.GetValue(units),
        FcodeHolders = parsed.GetValue(fcodes),
        ArrivalSeconds = parsed.GetValue(arrival),
        OpensIn = parsed.GetValue(opensIn) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
    }, Console.Out, cancellationToken);
    var report = MarkdownReport.Render("redmi-launch", result);
    var file = parsed.GetValue(output)!;
    file.Directory?.Create();
    await File.WriteAllTextAsync(file.FullName, report, cancellationToken);
    Console.WriteLine(report);
    Console.WriteLine($"report: {file.FullName}");
    return result.Passed ? 0 : 1;
});

var seconds = new Option<int>("--seconds") { DefaultValueFactory = _ => 10, Description = "How long each target is driven." };
var connections = new Option<int>("--connections") { DefaultValueFactory = _ => 128, Description = "Requests in flight at once, for every target." };
var redis = new Option<string>("--redis") { DefaultValueFactory = _ => "127.0.0.1:6379", Description = "Redis for the DECR baseline." };
var port = new Option<int>("--port") { DefaultValueFactory = _ => 5090, Description = "Where the baseline server listens." };
var benchOutput = new Option<FileInfo>("--out") { DefaultValueFactory = _ => new FileInfo($"loadtests/reports/bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md") };
var bench = new Command("bench", "Bare Kestrel, the common PostgreSQL design, Redis DECR and the engine, side by side with one generator.")
{
    seconds, connections, api, postgres, redis, key, port, benchOutput,
};
bench.SetAction(async (parsed, cancellationToken) =>
{
    var report = await BenchRunner.RunAsync(new BenchOptions
    {
        Api = new Uri(parsed.GetValue(api)!),
        Postgres = parsed.GetValue(postgres)!,
        Redis = parsed.GetValue(redis)!,
        SigningKey = parsed.GetValue(key) ?? Environment.GetEnvironmentVariable("FlashSale__Auth__SigningKey") ?? FlashSale.Auth.AuthOptions.DevelopmentSigningKey,
        Duration = TimeSpan.FromSeconds(parsed.GetValue(seconds)),
        Connections = parsed.GetValue(connections),
        BaselinePort = parsed.GetValue(port),
    }, Console.Out, cancellationToken);
    var markdown = BenchMarkdown.Render(report);
    var file = parsed.GetValue(benchOutput)!;
    file.Directory?.Create();
    await File.WriteAllTextAsync(file.FullName, markdown, cancellationToken);
    Console.WriteLine(markdown);
    Console.WriteLine($"report: {file.FullName}");
    return 0;
});

var serveBaselines = new Command("serve-baselines", "The bench's baseline server (bench starts it itself).") { port, postgres, redis };
serveBaselines.SetAction((parsed, cancellationToken) =>
    BaselineServer.RunAsync(parsed.GetValue(port), parsed.GetValue(postgres)!, parsed.GetValue(redis)!, cancellationToken));

return await new RootCommand("FlashSale launch replay.") { launch, bench, serveBaselines }.Parse(args).InvokeAsync();
