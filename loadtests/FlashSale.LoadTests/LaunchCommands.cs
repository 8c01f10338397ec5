using System.CommandLine;
using System.Globalization;
using FlashSale.LoadTests.Machine;
using FlashSale.LoadTests.Reporting;
using FlashSale.LoadTests.Scenarios;

namespace FlashSale.LoadTests;

/// <summary>One command per launch scenario, each with its own default scale and the same way to report.</summary>
public static class LaunchCommands
{
    public static Command Create(string name, string description, LaunchOptions defaults, Func<LaunchOptions, string, LaunchPlan> plan, bool fromFile = false)
    {
        var shoppers = new Option<int>("--shoppers") { DefaultValueFactory = _ => defaults.Shoppers, Description = "Shoppers in the crowd." }.AtLeast(1);
        var units = new Option<int>("--units") { DefaultValueFactory = _ => defaults.Units, Description = "Units in the general pool." }.AtLeast(1);
        var fcodes = new Option<int>("--fcodes") { DefaultValueFactory = _ => defaults.FcodeHolders, Description = "F-code holders (one unit each)." }.AtLeast(0);
        var arrival = new Option<double>("--arrival-seconds") { DefaultValueFactory = _ => defaults.ArrivalSeconds, Description = "The crowd arrives within this window after open." }.WithinADay();
        var fraction = new Option<double>("--fraction") { DefaultValueFactory = _ => defaults.Fraction, Description = "mi3-noon: the share of 3.77 million arrivals and 300,000 units." }.Share().Positive();
        var transferShare = new Option<double>("--transfer-share") { DefaultValueFactory = _ => defaults.TransferShare, Description = "fcode-rush: the share of holders who give their code away before open." }.Share();
        var botShare = new Option<double>("--bot-share") { DefaultValueFactory = _ => defaults.BotShare, Description = "bot-storm: the share of clients that are bots." }.Share();
        var opensIn = new Option<double?>("--opens-in") { Description = "Seconds from creating the sale to its first event; setup must fit (default 5 + 1 per 5,000 registrants)." }.WithinADay();
        var engine = new EngineOptions();
        var noWarmUp = new Option<bool>("--no-warm-up") { Description = "Skip the generator's warm-up: its own code is then compiled at the open, on the engine's cores." };
        var output = new Option<string>("--out") { DefaultValueFactory = _ => $"loadtests/reports/{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}", Description = "Report path without extension: .md and .html are written." };
        var file = new Option<FileInfo>("--file") { Description = "The recorded arrivals: JSON lines of {at, shopper, action[, code, to]}.", Required = fromFile }
            .AcceptExistingOnly();

        var command = new Command(name, description) { shoppers, units, fcodes, arrival, fraction, transferShare, botShare, opensIn, noWarmUp, output };
        engine.AddTo(command);
        if (fromFile)
        {
            command.Add(file);
        }
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var options = defaults with
            {
                Api = new Uri(parsed.GetValue(engine.Api)!),
                Postgres = parsed.GetValue(engine.Postgres)!,
                SigningKey = engine.SigningKeyOf(parsed),
                Shoppers = parsed.GetValue(shoppers),
                Units = parsed.GetValue(units),
                FcodeHolders = parsed.GetValue(fcodes),
                ArrivalSeconds = parsed.GetValue(arrival),
                Fraction = parsed.GetValue(fraction),
                TransferShare = parsed.GetValue(transferShare),
                BotShare = parsed.GetValue(botShare),
                File = parsed.GetValue(file),
                OpensIn = parsed.GetValue(opensIn) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            };
            LaunchPlan launch;
            try
            {
                launch = plan(options, Guid.NewGuid().ToString("N")[..8]);
            }
            catch (FormatException error)
            {
                await Console.Error.WriteLineAsync($"{options.File?.FullName}: {error.Message}");
                return Preflight.ExitCode;
            }
            if (await Preflight.ProblemAsync(options.Api, options.Postgres, cancellationToken) is { } problem)
            {
                await Console.Error.WriteLineAsync(problem);
                return Preflight.ExitCode;
            }
            if (!parsed.GetValue(noWarmUp) && !await WarmUpAsync(options, cancellationToken))
            {
                return 1;
            }
            var build = await Preflight.EngineBuildAsync(options.Api, cancellationToken);
            var result = await LaunchReplay.RunAsync(launch, options, Console.Out, new Progress<RunProgress>(Print), cancellationToken) with { EngineBuild = build };
            var markdown = MarkdownReport.Render(name, result);
            var path = parsed.GetValue(output)!;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path + ".md", markdown, cancellationToken);
            await File.WriteAllTextAsync(path + ".html", HtmlReport.Render(name, result), cancellationToken);
            Console.WriteLine(markdown);
            Console.WriteLine($"reports: {Path.GetFullPath(path)}.md and .html");
            return result.Passed ? 0 : 1;
        });
        return command;
    }

    /// <summary>Runs <see cref="GeneratorWarmUp"/> and says how it went.</summary>
    private static async Task<bool> WarmUpAsync(LaunchOptions options, CancellationToken cancellationToken)
    {
        var warmUp = await GeneratorWarmUp.RunAsync(options, cancellationToken);
        Console.WriteLine(warmUp.Passed
            ? $"generator warmed up on sale {warmUp.SaleId} (a small fcode-rush; --no-warm-up skips it)"
            : $"the warm-up's sale {warmUp.SaleId} broke an invariant: {string.Join("; ", warmUp.Invariants.Where(i => !i.Holds).Select(i => i.Name))}");
        return warmUp.Passed;
    }

    /// <summary>The live progress line, once a second.</summary>
    private static void Print(RunProgress p)
    {
        var c = CultureInfo.InvariantCulture;
        var outcomes = string.Join(" · ", p.Outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value:N0}"));
        var cores = p.Cores is { } busy
            ? string.Create(c, $" | cores: machine {busy.Machine:F2}, engine {busy.Parts[CpuAccounting.Engine]:F2}, generator {busy.Parts[CpuAccounting.Generator]:F2}{(busy.MicrosecondsPerUnit(CpuAccounting.Engine) is { } perUnit ? $"; engine {perUnit:F0} µs a unit sold" : "")}")
            : "";
        Console.WriteLine(string.Create(c,
            $"{p.Second,4} s | {p.Requests,8:N0} answers/s | p99 {p.P99.TotalMilliseconds,7:F1} ms | stock left {p.Engine.Remaining,9:N0} | F-code left {p.Engine.FcodeRemaining,7:N0} | waiting on tickets {p.Engine.TicketsWaiting,7:N0}{cores} | {outcomes}"));
    }
}
