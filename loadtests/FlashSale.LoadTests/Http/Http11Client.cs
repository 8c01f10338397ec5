using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace FlashSale.LoadTests.Http;

/// <summary>
/// The replay's HTTP/1.1 client: keep-alive connections, one request at a time on each (as a browser or a load
/// balancer's upstream sends them), requests written as prepared bytes and answers parsed no further than
/// status, the headers the tool reads, and the body. The generator shares two cores with the engine it
/// measures, so it does what wrk does, in C#: connections opened before the clock starts
/// (<see cref="ConnectAllAsync"/>), no timer per request (one watchdog drops exchanges older than
/// <see cref="Timeout"/>), no header strings but the Location.
/// </summary>
public sealed class Http11Client : IDisposable
{
    /// <summary>How long an exchange may take before its connection is dropped and the request fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly Uri _server;
    private readonly int _maxConnections;
    private readonly TimeSpan _timeout;
    private readonly string _host;
    private readonly ConcurrentBag<Http11Connection> _idle = [];
    private readonly ConcurrentDictionary<Http11Connection, byte> _open = new();
    private readonly SemaphoreSlim _slots;
    private readonly Timer _watchdog;

    /// <param name="timeout"><see cref="Timeout"/> unless a test needs it shorter.</param>
    public Http11Client(Uri server, int maxConnections, TimeSpan? timeout = null)
    {
        _server = server;
        _maxConnections = maxConnections;
        _timeout = timeout ?? Timeout;
        _host = $"Host: {server.Authority}\r\n";
        _slots = new SemaphoreSlim(maxConnections);
        var every = TimeSpan.FromTicks(Math.Max(_timeout.Ticks / 10, TimeSpan.TicksPerMillisecond));
        _watchdog = new Timer(_ => DropOverdue(), null, every, every);
    }

    /// <summary>
    /// Opens every connection the pool may use, before the clock starts (as wrk does): a crowd arriving at open
    /// would otherwise pay hundreds of TCP handshakes, and the server hundreds of accepts, in its first second.
    /// </summary>
    public async Task ConnectAllAsync(CancellationToken cancellationToken)
    {
        var missing = _maxConnections - _open.Count;
        foreach (var connection in await Task.WhenAll(Enumerable.Range(0, Math.Max(missing, 0)).Select(_ => OpenAsync(cancellationToken))))
        {
            _idle.Add(connection);
        }
    }

    /// <param name="target">Path and query, e.g. <c>/api/v1/sales/x/purchases</c>.</param>
    /// <param name="bearerToken">Sent as <c>Authorization: Bearer</c>, when given.</param>
    /// <param name="headers">Extra header lines, each without its CRLF.</param>
    /// <param name="json">A JSON body, or empty for none.</param>
    public async Task<Http11Response> SendAsync(
        string method, string target, string? bearerToken, IReadOnlyList<string> headers, ReadOnlyMemory<byte> json, CancellationToken cancellationToken = default)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            // Built once a connection is free, not while waiting for one: thousands of requests queue here at a
            // launch's open, and bytes they held would survive each of the generator's collections, lengthening
            // its pauses (every one of which the engine sees as a stall of the whole crowd).
            var request = Request(method, target, bearerToken, headers, json.Span);
            try
            {
                return await ExchangeAsync(_idle.TryTake(out var idle) ? idle : await OpenAsync(cancellationToken), request, cancellationToken);
            }
            catch (StaleConnectionException)
            {
                // The server closed that one while it sat idle, before reading this request: a new one may carry it.
                return await ExchangeAsync(await OpenAsync(cancellationToken), request, cancellationToken);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<Http11Response> ExchangeAsync(Http11Connection connection, byte[] request, CancellationToken cancellationToken)
    {
        var keep = false;
        try
        {
            var response = await connection.ExchangeAsync(request, cancellationToken);
            keep = response.KeepAlive;
            return response;
        }
        finally
        {
            if (keep)
            {
                _idle.Add(connection);
            }
            else
            {
                // A connection that failed mid-exchange is out of step with the server: close it, never reuse it.
                _open.TryRemove(connection, out _);
                connection.Dispose();
            }
        }
    }

    private async Task<Http11Connection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await Http11Connection.OpenAsync(_server, cancellationToken);
        _open.TryAdd(connection, 0);
        return connection;
    }

    private void DropOverdue()
    {
        var deadline = Environment.TickCount64 - (long)_timeout.TotalMilliseconds;
        foreach (var connection in _open.Keys)
        {
            connection.AbortIfStartedBefore(deadline);
        }
    }

    /// <summary>The request's bytes, written straight into one array: no builder, no intermediate string.</summary>
    private byte[] Request(string method, string target, string? bearerToken, IReadOnlyList<string> headers, ReadOnlySpan<byte> json)
    {
        var contentLength = json.Length.ToString(CultureInfo.InvariantCulture);
        var length = method.Length + 1 + target.Length + RequestLineEnd.Length + _host.Length
            + (bearerToken is null ? 0 : Bearer.Length + bearerToken.Length + 2)
            + (json.IsEmpty ? 0 : JsonContentType.Length) + ContentLengthName.Length + contentLength.Length + 4 + json.Length;
        foreach (var header in headers)
        {
            length += header.Length + 2;
        }
        var bytes = new byte[length];
        var at = 0;
        void Write(string text) => at += Encoding.ASCII.GetBytes(text, bytes.AsSpan(at));
        Write(method);
        bytes[at++] = (byte)' ';
        Write(target);
        Write(RequestLineEnd);
        Write(_host);
        if (bearerToken is not null)
        {
            Write(Bearer);
            Write(bearerToken);
            Write(LineEnd);
        }
        foreach (var header in headers)
        {
            Write(header);
            Write(LineEnd);
        }
        if (!json.IsEmpty)
        {
            Write(JsonContentType);
        }
        Write(ContentLengthName);
        Write(contentLength);
        Write(LineEnd);
        Write(LineEnd);
        json.CopyTo(bytes.AsSpan(at));
        return bytes;
    }

    private const string LineEnd = "\r\n", RequestLineEnd = " HTTP/1.1\r\n";
    private const string Bearer = "Authorization: Bearer ";
    private const string JsonContentType = "Content-Type: application/json\r\n", ContentLengthName = "Content-Length: ";

    public void Dispose()
    {
        _watchdog.Dispose();
        foreach (var connection in _open.Keys)
        {
            connection.Dispose();
        }
        _slots.Dispose();
    }
}
