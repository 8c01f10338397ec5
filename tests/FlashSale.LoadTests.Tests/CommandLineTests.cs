using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FlashSale.LoadTests.Tests;

/// <summary>What the tool refuses before it runs anything: bad numbers and addresses, a missing or malformed file,
/// an engine that does not answer. Each is one line naming the problem, never a stack trace.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("redmi-launch --shoppers 0", "--shoppers must be at least 1")]
    [InlineData("redmi-launch --units -5", "--units must be at least 1")]
    [InlineData("redmi-launch --fcodes -1", "--fcodes must be at least 0")]
    [InlineData("redmi-launch --arrival-seconds 0", "--arrival-seconds must be a positive number of seconds up to 86,400")]
    [InlineData("redmi-launch --arrival-seconds 1e9", "--arrival-seconds must be a positive number of seconds up to 86,400")]
    [InlineData("redmi-launch --opens-in -3", "--opens-in must be a positive number of seconds up to 86,400")]
    [InlineData("redmi-launch --opens-in 100000", "--opens-in must be a positive number of seconds up to 86,400")]
    [InlineData("mi3-noon --fraction 0", "--fraction must be a positive number")]
    [InlineData("mi3-noon --fraction 1.5", "--fraction must be between 0 and 1")]
    [InlineData("bot-storm --bot-share 2", "--bot-share must be between 0 and 1")]
    [InlineData("fcode-rush --transfer-share -0.1", "--transfer-share must be between 0 and 1")]
    [InlineData("redmi-launch --api localhost:5080", "--api must be an absolute http:// or https:// address")]
    [InlineData("replay --file /no/such/recording.jsonl", "File does not exist")]
    [InlineData("bench --connections 0", "--connections must be between 1 and 10,000")]
    [InlineData("bench --connections 1000000", "--connections must be between 1 and 10,000")]
    [InlineData("bench --port 70000", "--port must be between 1 and 65,535")]
    [InlineData("bench --warm-up -1", "--warm-up must be at least 0")]
    public void A_bad_value_is_named_when_the_command_line_is_parsed(string args, string error)
    {
        var parsed = LoadTool.CreateRoot().Parse(args);

        Assert.Contains(parsed.Errors, e => e.Message.StartsWith(error, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("redmi-launch")]
    [InlineData("mi3-noon --fraction 0.01 --opens-in 30")]
    [InlineData("bench --seconds 5 --api https://engine.example:443")]
    public void The_defaults_and_sensible_values_parse(string args) =>
        Assert.Empty(LoadTool.CreateRoot().Parse(args).Errors);

    [Fact]
    public async Task A_malformed_recording_stops_the_replay_before_it_touches_the_engine()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "{\"at\": 0, \"shopper\": \"u1\", \"action\": \"buy\"}\nnot json\n");
        try
        {
            // Nothing listens at this address: had the file been read after the engine was asked, the run would fail there instead.
            var exit = await LoadTool.CreateRoot().Parse(["replay", "--file", file, "--api", $"http://127.0.0.1:{ClosedPort()}"]).InvokeAsync();

            Assert.Equal(Preflight.ExitCode, exit);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_engine_that_does_not_answer_is_named_with_how_to_start_it()
    {
        var api = new Uri($"http://127.0.0.1:{ClosedPort()}");

        var problem = await Preflight.ProblemAsync(api, "Host=127.0.0.1", CancellationToken.None);

        Assert.NotNull(problem);
        Assert.StartsWith($"The engine does not answer at {api}", problem, StringComparison.Ordinal);
        Assert.Contains("./infra/run.sh", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"status":"Unhealthy","version":"1.0.0+abc123","checks":{}}""", 503, "1.0.0+abc123")]
    [InlineData("""{"status":"Healthy","checks":{}}""", 200, "unknown (its /health names no build)")]
    public async Task The_engine_build_is_read_from_health_whatever_its_status(string body, int status, string build)
    {
        await using var engine = LoopbackServer.Create();
        engine.MapGet("/health", () => Results.Text(body, "application/json", statusCode: status));
        var api = await LoopbackServer.StartAsync(engine);

        Assert.Equal(build, await Preflight.EngineBuildAsync(api, CancellationToken.None));
    }

    [Fact]
    public async Task An_engine_that_does_not_answer_has_an_unknown_build() =>
        Assert.StartsWith("unknown (", await Preflight.EngineBuildAsync(new Uri($"http://127.0.0.1:{ClosedPort()}"), CancellationToken.None), StringComparison.Ordinal);

    /// <summary>A port that was free a moment ago: connecting to it is refused.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
