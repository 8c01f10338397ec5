using FlashSale.Cli;
using FlashSale.Fcodes;
using FlashSale.Testing;
using Spectre.Console;

namespace FlashSale.IntegrationTests;

/// <summary>The <c>flashsale</c> ops commands, run in-process against a real engine.</summary>
public sealed class CliTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private EngineEnvironment Env => engine.Environment;

    [Fact]
    public async Task Ops_issue_codes_to_csv_in_chunks_then_transfer_one_and_see_its_history()
    {
        var saleId = await Env.CreateSaleAsync(engine.Host, stock: 5, fcodeStock: 5);
        var csv = Path.GetTempFileName();
        try
        {
            var count = FcodesCommand.IssueChunk * 2 + 5;
            var (issued, _) = await RunAsync("fcodes", "issue", "--sale", saleId, "--count", count.ToString(), "--out", csv);
            Assert.Equal(0, issued);
            var lines = await File.ReadAllLinesAsync(csv);
            Assert.Equal("code,owner_id,expires_at", lines[0]);
            var codes = lines.Skip(1).Select(l => l.Split(',')[0]).ToArray();
            Assert.Equal(count, codes.Distinct().Count());
            Assert.All(codes, c => Assert.Equal(FcodeParse.Valid, FcodeFormat.Parse(c, out _)));

            var (transferred, transferOutput) = await RunAsync("fcodes", "transfer", codes[0].ToLowerInvariant(), "--to", "lucky-fan");
            Assert.Equal(0, transferred);
            Assert.Contains("owner lucky-fan", transferOutput);

            // The owner shown is live; the history reaches PostgreSQL through the outbox a moment later.
            var shown = await Waiting.ReadUntilAsync(() => RunAsync("fcodes", "show", codes[0]),
                shown => shown.Output.Contains("transferred", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            Assert.Equal(0, shown.Exit);
            Assert.Contains("lucky-fan", shown.Output);
            Assert.Contains("transferred", shown.Output);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task A_refused_command_exits_non_zero_and_says_why()
    {
        var saleId = await Env.CreateSaleAsync(engine.Host, stock: 5, fcodeStock: 5);
        var code = (await Fcodes.IssueToAsync(Env, engine.Host, saleId, "owner"))[0];

        var (exit, output) = await RunAsync("fcodes", "transfer", code, "--to", "thief", "--token", Env.ShopperToken("not-the-owner"));

        Assert.Equal(1, exit);
        Assert.Contains("403 fcode_not_owner", output);
    }

    [Theory]
    [InlineData("token --sub alice --ttl 0", "--ttl must be at least 1 second.")]
    [InlineData("token --sub alice --count -3", "--count must be at least 1.")]
    [InlineData("token --sub \"\"", "--sub must be 1 to 128 characters without control characters.")]
    public void A_token_the_engine_would_refuse_is_not_minted(string args, string error)
    {
        var parsed = CliApp.Create(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) })).Parse(args);

        Assert.Equal(error, Assert.Single(parsed.Errors).Message);
    }

    private async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No });
        string[] connection = args.Contains("--token") ? ["--api", engine.Host.Address.ToString()] : ["--api", engine.Host.Address.ToString(), "--token", Env.OpsToken()];
        var exit = await CliApp.Create(console).Parse([.. args, .. connection]).InvokeAsync();
        return (exit, output.ToString());
    }
}
