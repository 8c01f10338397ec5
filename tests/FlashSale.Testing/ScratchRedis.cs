using System.ComponentModel;
using System.Diagnostics;
using StackExchange.Redis;

namespace FlashSale.Testing;

/// <summary>
/// A Redis server of one test's own, persisted as <c>infra/servers.sh</c> runs the shared one (AOF, fsync every
/// second), that the test may kill outright and start again from its log: a crash, where <see cref="TcpProxy"/>
/// can only cut the network. It runs the <c>redis-server</c> that <c>infra/servers.sh</c> installs.
/// </summary>
public sealed class ScratchRedis : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("flashsale-redis-").FullName;
    private Process? _server;

    private ScratchRedis(int port) => Port = port;

    public int Port { get; }

    /// <summary>Where clients reach it, in StackExchange.Redis's configuration syntax.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<ScratchRedis> StartAsync()
    {
        var redis = new ScratchRedis(LoopbackPorts.Free());
        await redis.RestartAsync();
        return redis;
    }

    /// <summary>Ends the server as a crash would (SIGKILL): it writes nothing more, its log is as the crash left it.</summary>
    public async Task KillAsync()
    {
        if (_server is { } server)
        {
            server.Kill();
            await server.WaitForExitAsync();
            server.Dispose();
            _server = null;
        }
    }

    /// <summary>Starts the server on its port and data directory, loading whatever its log holds, and waits until it answers.</summary>
    public async Task RestartAsync()
    {
        try
        {
            _server = Process.Start(new ProcessStartInfo("redis-server",
                [
                    "--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--dir", _directory, "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
                ])
            { RedirectStandardOutput = true });
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"redis-server could not be started ({e.Message}). {TestServers.HowToStart}", e);
        }
        _server!.OutputDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        await Waiting.UntilAsync(AnswersAsync, $"Redis on port {Port} answering", TimeSpan.FromSeconds(30));
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            await using var client = await ConnectionMultiplexer.ConnectAsync($"{Configuration},connectTimeout=500,abortConnect=true");
            await client.GetDatabase().PingAsync();
            return true;
        }
        catch (RedisException)
        {
            // Not listening yet, or still loading its log.
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
