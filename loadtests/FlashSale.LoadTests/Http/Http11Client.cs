using System.Collections.Concurrent;
using System.Text;

namespace FlashSale.LoadTests.Http;

/// <summary>
/// The replay's HTTP/1.1 client: keep-alive connections, one request at a time on each (as a browser or a load
/// balancer's upstream sends them), requests written as prepared bytes and answers parsed no further than
/// status, the headers the tool reads, and the body. The generator shares two cores with the engine it
/// measures: while units sell, the crowd on this client takes 25–40 % of a core where it took 50–85 % on
/// <see cref="HttpClient"/> (docs/PERFORMANCE.md, fifth session). This client does what wrk does, in C#.
/// </summary>
public sealed class Http11Client(Uri server, int maxConnections) : IDisposable
{
    /// <summary>How long an exchange may take before its connection is dropped and the request fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly string _host = $"Host: {server.Authority}\r\n";
    private readonly ConcurrentBag<Http11Connection> _idle = [];
    private readonly SemaphoreSlim _slots = new(maxConnections);

    /// <param name="target">Path and query, e.g. <c>/api/v1/sales/x/purchases</c>.</param>
    /// <param name="headers">Extra header lines, each without its CRLF.</param>
    /// <param name="json">A JSON body, or empty for none.</param>
    public async Task<Http11Response> SendAsync(string method, string target, IReadOnlyList<string> headers, ReadOnlyMemory<byte> json, CancellationToken cancellationToken = default)
    {
        var request = Request(method, target, headers, json.Span);
        await _slots.WaitAsync(cancellationToken);
        Http11Connection? connection = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            connection = _idle.TryTake(out var idle) ? idle : await Http11Connection.OpenAsync(server, timeout.Token);
            var response = await connection.ExchangeAsync(request, timeout.Token);
            if (response.KeepAlive)
            {
                _idle.Add(connection);
                connection = null;
            }
            return response;
        }
        finally
        {
            // A connection that failed mid-exchange is out of step with the server: close it, never reuse it.
            connection?.Dispose();
            _slots.Release();
        }
    }

    private byte[] Request(string method, string target, IReadOnlyList<string> headers, ReadOnlySpan<byte> json)
    {
        var head = new StringBuilder(512).Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n").Append(_host);
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }
        if (!json.IsEmpty)
        {
            head.Append("Content-Type: application/json\r\n");
        }
        var text = head.Append("Content-Length: ").Append(json.Length).Append("\r\n\r\n").ToString();
        var bytes = new byte[Encoding.ASCII.GetByteCount(text) + json.Length];
        json.CopyTo(bytes.AsSpan(Encoding.ASCII.GetBytes(text, bytes)));
        return bytes;
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
        _slots.Dispose();
    }
}
