using System.Net.Sockets;
using System.Text;

namespace FlashSale.LoadTests.Http;

/// <summary>One keep-alive connection: writes a request, reads its whole response (Content-Length or chunked).</summary>
internal sealed class Http11Connection : IDisposable
{
    private readonly Socket _socket;
    private byte[] _buffer = new byte[4096];
    private int _start, _end;

    private Http11Connection(Socket socket) => _socket = socket;

    public static async Task<Http11Connection> OpenAsync(Uri server, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server.Host, server.Port, cancellationToken);
            return new Http11Connection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task<Http11Response> ExchangeAsync(byte[] request, CancellationToken cancellationToken)
    {
        await _socket.SendAsync(request, SocketFlags.None, cancellationToken);
        var headerEnd = await FillUntilAsync(() => IndexOf("\r\n\r\n"u8), cancellationToken);
        var head = Encoding.ASCII.GetString(_buffer, _start, headerEnd - _start);
        _start = headerEnd + 4;
        var lines = head.Split("\r\n");
        var status = lines[0].Length >= 12 && int.TryParse(lines[0].AsSpan(9, 3), out var code)
            ? code
            : throw new HttpProtocolException(0, $"Not an HTTP/1.1 status line: {lines[0]}", null);
        string? location = null, length = null, encoding = null, connection = null;
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            var value = line[(colon + 1)..].Trim();
            switch (line[..colon].Trim().ToLowerInvariant())
            {
                case "location": location = value; break;
                case "content-length": length = value; break;
                case "transfer-encoding": encoding = value; break;
                case "connection": connection = value; break;
            }
        }
        var body = encoding?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true
            ? await ReadChunkedAsync(cancellationToken)
            : await ReadExactlyAsync(length is null ? 0 : int.Parse(length, System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        // One request at a time: bytes past the response mean the two sides disagree on where it ended.
        var keepAlive = _start == _end && !string.Equals(connection, "close", StringComparison.OrdinalIgnoreCase);
        _start = _end = 0;
        return new Http11Response(status, location, body, keepAlive);
    }

    private async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
    {
        var body = new List<byte>();
        while (true)
        {
            var lineEnd = await FillUntilAsync(() => IndexOf("\r\n"u8), cancellationToken);
            var sizeText = Encoding.ASCII.GetString(_buffer, _start, lineEnd - _start).Split(';')[0].Trim();
            var size = Convert.ToInt32(sizeText, 16);
            _start = lineEnd + 2;
            if (size == 0)
            {
                // No trailers from these servers: the last chunk is followed by an empty line.
                await FillUntilAsync(() => IndexOf("\r\n"u8), cancellationToken);
                _start += 2;
                return [.. body];
            }
            body.AddRange(await ReadExactlyAsync(size, cancellationToken));
            await FillUntilAsync(() => _end - _start >= 2 ? _start : -1, cancellationToken);
            _start += 2;
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        await FillUntilAsync(() => _end - _start >= count ? _start : -1, cancellationToken);
        var bytes = _buffer.AsSpan(_start, count).ToArray();
        _start += count;
        return bytes;
    }

    /// <summary>Reads until <paramref name="found"/> gives a position in the buffer (not -1); returns it.</summary>
    private async Task<int> FillUntilAsync(Func<int> found, CancellationToken cancellationToken)
    {
        while (found() is var at && at < 0)
        {
            if (_end == _buffer.Length)
            {
                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    (_start, _end) = (0, _end - _start);
                }
                else
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }
            }
            var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new IOException("The server closed the connection mid-response.");
            }
            _end += read;
        }
        return found();
    }

    private int IndexOf(ReadOnlySpan<byte> marker)
    {
        var at = _buffer.AsSpan(_start, _end - _start).IndexOf(marker);
        return at < 0 ? -1 : _start + at;
    }

    public void Dispose() => _socket.Dispose();
}

/// <summary>What the load tool reads of an answer.</summary>
public sealed record Http11Response(int Status, string? Location, byte[] Body, bool KeepAlive);
