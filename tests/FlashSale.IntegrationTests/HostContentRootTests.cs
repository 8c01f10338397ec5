using System.Diagnostics;
using FlashSale.Host.Hosting;
using FlashSale.Testing;

namespace FlashSale.IntegrationTests;

/// <summary>A published engine reads the appsettings.json beside it, wherever it is started from.</summary>
public sealed class HostContentRootTests
{
    [Fact]
    public void Without_a_choice_the_content_root_is_the_engines_own_directory()
    {
        Assert.Null(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"));

        Assert.Equal(AppContext.BaseDirectory, HostContentRoot.Default([]));
    }

    [Theory]
    [InlineData("--contentRoot", "/srv/flashsale")]
    [InlineData("--contentroot", "/srv/flashsale")]
    public void A_content_root_on_the_command_line_is_left_to_the_host(string option, string path) =>
        Assert.Null(HostContentRoot.Default([option, path]));

    /// <summary>
    /// The engine built beside this test (its dll, runtimeconfig and appsettings.json are copied here) started as a
    /// service manager would, from another working directory: the lifetime's start-up lines name the content root.
    /// </summary>
    [Fact]
    public async Task An_engine_started_from_another_directory_reads_its_own_settings()
    {
        // Only this test starts an engine, so only it takes a database of its own.
        await using var env = await EngineEnvironment.CreateAsync();
        var elsewhere = Directory.CreateTempSubdirectory("flashsale-cwd-");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = elsewhere.FullName,
            RedirectStandardOutput = true,
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "FlashSale.Host.dll"), "--urls", "http://127.0.0.1:0" },
        };
        foreach (var (key, value) in env.Settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["FlashSale__Orleans__SiloPort"] = LoopbackPorts.Free().ToString();
        start.Environment["FlashSale__Orleans__GatewayPort"] = LoopbackPorts.Free().ToString();

        using var engine = Process.Start(start)!;
        try
        {
            var contentRoot = await ReadUntilAsync(engine.StandardOutput, "Content root path: ", TimeSpan.FromSeconds(90));

            Assert.Equal(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), Path.TrimEndingDirectorySeparator(contentRoot));
        }
        finally
        {
            engine.Kill(entireProcessTree: true);
            await engine.WaitForExitAsync();
            elsewhere.Delete(recursive: true);
        }
    }

    /// <summary>The rest of the first line holding <paramref name="prefix"/>; what the engine said instead, if it never does.</summary>
    private static async Task<string> ReadUntilAsync(StreamReader output, string prefix, TimeSpan timeout)
    {
        var said = new Queue<string>();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (await output.ReadLineAsync(cancel.Token) is { } line)
            {
                var at = line.IndexOf(prefix, StringComparison.Ordinal);
                if (at >= 0)
                {
                    return line[(at + prefix.Length)..].Trim();
                }
                said.Enqueue(line);
                if (said.Count > 40)
                {
                    said.Dequeue();
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        throw new InvalidOperationException(
            $"The engine did not log '{prefix}' within {timeout.TotalSeconds} s; its last lines:{Environment.NewLine}{string.Join(Environment.NewLine, said)}");
    }
}
