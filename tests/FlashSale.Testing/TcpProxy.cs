using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace FlashSale.Testing;

/// <summary>
/// Forwards a local port to a real server and can cut it off, for outage tests without Docker or Toxiproxy:
/// <see cref="Cut"/> drops every open connection and refuses new ones (accepted, then closed at once) until
/// <see cref="Restore"/>. <see cref="Hold"/> stalls it instead, as a busy server would, until <see cref="Release"/>.
/// <see cref="Freeze"/> stalls the open connections for good while new ones flow, as a route that died without a word
/// would: only a heartbeat can tell.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly ConcurrentDictionary<Socket, byte> _frozen = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private volatile bool _cut;
    private volatile TaskCompletionSource _flowing = Flowing();
    private readonly StringBuilder _held = new();

    private TcpProxy(string targetHost, int targetPort)
    {
        (_targetHost, _targetPort) = (targetHost, targetPort);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Listens on a free loopback port, forwarding to <paramref name="targetHost"/>:<paramref name="targetPort"/>.</summary>
    public static TcpProxy Start(string targetHost, int targetPort) => new(targetHost, targetPort);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Cut()
    {
        _cut = true;
        foreach (var socket in _open.Keys)
        {
            socket.Dispose();
        }
    }

    public void Restore() => _cut = false;

    /// <summary>Nothing sent on the connections open now is delivered, ever; they stay open. New connections flow.</summary>
    public void Freeze()
    {
        foreach (var socket in _open.Keys)
        {
            _frozen[socket] = 0;
        }
    }

    /// <summary>Keeps every byte sent either way from here on until <see cref="Release"/>; connections stay open.</summary>
    public void Hold()
    {
        lock (_held)
        {
            _held.Clear();
        }
        _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>What the proxy has kept since <see cref="Hold"/>, as text: a test's way to see what has been sent.</summary>
    public string HeldText
    {
        get
        {
            lock (_held)
            {
                return _held.ToString();
            }
        }
    }

    public void Release() => _flowing.TrySetResult();

    private static TaskCompletionSource Flowing()
    {
        var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        flowing.SetResult();
        return flowing;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        Release();
        _listener.Stop();
        Cut();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            if (_cut)
            {
                client.Dispose();
                continue;
            }
            _ = ConnectAsync(client);
        }
    }

    private async Task ConnectAsync(Socket client)
    {
        var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort, _stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            client.Dispose();
            server.Dispose();
            return;
        }
        _open[client] = 0;
        _open[server] = 0;
        if (_cut)
        {
            // Cut while this pair was connecting, after Cut had dropped the pairs it knew of.
            client.Dispose();
            server.Dispose();
        }
        // Either direction ending ends both: a half-open pair would look alive to the client.
        await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        foreach (var socket in new[] { client, server })
        {
            _open.TryRemove(socket, out _);
            _frozen.TryRemove(socket, out _);
            socket.Dispose();
        }
    }

    /// <summary>
    /// Reads on while the link is held, so everything sent shows in <see cref="HeldText"/>, and forwards in order
    /// once it flows.
    /// </summary>
    private async Task PumpAsync(Socket from, Socket to)
    {
        var chunks = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var forwarding = ForwardAsync(chunks.Reader, to);
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                if (!_flowing.Task.IsCompleted)
                {
                    lock (_held)
                    {
                        _held.Append(Encoding.UTF8.GetString(buffer, 0, read));
                    }
                }
                chunks.Writer.TryWrite(buffer[..read]);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The other side went away, or the proxy was cut.
        }
        chunks.Writer.TryComplete();
        await forwarding;
    }

    private async Task ForwardAsync(ChannelReader<byte[]> chunks, Socket to)
    {
        try
        {
            await foreach (var chunk in chunks.ReadAllAsync())
            {
                await _flowing.Task;
                if (_frozen.ContainsKey(to))
                {
                    continue;
                }
                await to.SendAsync(chunk, SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The other side went away, or the proxy was cut.
        }
    }
}
