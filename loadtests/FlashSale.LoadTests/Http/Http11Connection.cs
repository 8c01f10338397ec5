using System.Buffers.Text;
using System.Net.Sockets;
using System.Text;

namespace FlashSale.LoadTests.Http;

/// <summary>
/// One keep-alive connection: writes a request, reads its whole response (Content-Length or chunked). The head
/// is parsed as bytes; only a Location header becomes a string.
/// </summary>
internal sealed class Http11Connection : IDisposable
{
    private readonly Socket _socket;
    private byte[] _buffer = new byte[4096];
    private int _start, _end;
    private long _busySince;
    private volatile bool _timedOut;

    private Http11Connection(Socket socket) => _socket = socket;

    /// <summary>Whether it has carried an exchange: only such a connection can have gone stale while it sat idle.</summary>
    public bool Used { get; private set; }

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

    /// <summary>Drops the connection if its exchange started before <paramref name="deadline"/> (<see cref="Environment.TickCount64"/>).</summary>
    public void AbortIfStartedBefore(long deadline)
    {
        var since = Volatile.Read(ref _busySince);
        if (since != 0 && since < deadline)
        {
            _timedOut = true;
            _socket.Dispose();
        }
    }

    public async Task<Http11Response> ExchangeAsync(byte[] request, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _busySince, Environment.TickCount64);
        try
        {
            await _socket.SendAsync(request, SocketFlags.None, cancellationToken);
            var response = await ReadResponseAsync(cancellationToken);
            Used = true;
            return response;
        }
        catch (Exception e) when (_timedOut)
        {
            throw new TimeoutException("No whole answer in time: the connection was dropped.", e);
        }
        catch (Exception e) when (e is IOException or SocketException && Used && _end == 0)
        {
            // Not a byte of the answer, on a connection that sat idle: the server had dropped it.
            throw new StaleConnectionException(e);
        }
        finally
        {
            Volatile.Write(ref _busySince, 0);
        }
    }

    private async Task<Http11Response> ReadResponseAsync(CancellationToken cancellationToken)
    {
        var headerEnd = await FillUntilAsync(() => IndexOf("\r\n\r\n"u8), cancellationToken);
        var head = ParseHead(_buffer.AsSpan(_start, headerEnd - _start));
        _start = headerEnd + 4;
        var body = head.Chunked ? await ReadChunkedAsync(cancellationToken) : await ReadExactlyAsync(head.Length, cancellationToken);
        // One request at a time: bytes past the response mean the two sides disagree on where it ended.
        var keepAlive = _start == _end && !head.Close;
        _start = _end = 0;
        return new Http11Response(head.Status, head.Location, body, keepAlive);
    }

    private readonly record struct Head(int Status, string? Location, int Length, bool Chunked, bool Close);

    private static Head ParseHead(ReadOnlySpan<byte> head)
    {
        var lines = new LineReader(head);
        var statusLine = lines.Next();
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out _))
        {
            throw new HttpProtocolException(0, $"Not an HTTP/1.1 status line: {Encoding.ASCII.GetString(statusLine)}", null);
        }
        string? location = null;
        var length = 0;
        bool chunked = false, close = false;
        while (lines.HasMore)
        {
            var line = lines.Next();
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }
            var name = line[..colon].Trim((byte)' ');
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                length = Utf8Parser.TryParse(value, out int parsed, out var used) && used == value.Length && parsed >= 0
                    ? parsed
                    : throw new HttpProtocolException(0, $"Bad Content-Length: {Encoding.ASCII.GetString(value)}", null);
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                // Chunked is always the last coding applied.
                chunked = value.Length >= 7 && Ascii.EqualsIgnoreCase(value[^7..], "chunked"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                close = Ascii.EqualsIgnoreCase(value, "close"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "location"u8))
            {
                location = Encoding.ASCII.GetString(value);
            }
        }
        return new Head(status, location, length, chunked, close);
    }

    private ref struct LineReader(ReadOnlySpan<byte> text)
    {
        private ReadOnlySpan<byte> _rest = text;

        public readonly bool HasMore => !_rest.IsEmpty;

        public ReadOnlySpan<byte> Next()
        {
            var end = _rest.IndexOf("\r\n"u8);
            var line = end < 0 ? _rest : _rest[..end];
            _rest = end < 0 ? default : _rest[(end + 2)..];
            return line;
        }
    }

    private async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
    {
        byte[] body = [];
        while (true)
        {
            var lineEnd = await FillUntilAsync(() => IndexOf("\r\n"u8), cancellationToken);
            var size = ChunkSize(_buffer.AsSpan(_start, lineEnd - _start));
            _start = lineEnd + 2;
            if (size == 0)
            {
                // No trailers from these servers: the last chunk is followed by an empty line.
                await FillUntilAsync(() => IndexOf("\r\n"u8), cancellationToken);
                _start += 2;
                return body;
            }
            // The engine's answers come in one chunk: that chunk is the body, with no copy.
            var chunk = await ReadExactlyAsync(size, cancellationToken);
            body = body.Length == 0 ? chunk : [.. body, .. chunk];
            await FillUntilAsync(() => _end - _start >= 2 ? _start : -1, cancellationToken);
            _start += 2;
        }
    }

    /// <summary>A chunk-size line: hexadecimal digits, then optional extensions after a semicolon.</summary>
    private static int ChunkSize(ReadOnlySpan<byte> line)
    {
        var digits = (line.IndexOf((byte)';') is var semicolon and >= 0 ? line[..semicolon] : line).Trim((byte)' ');
        return Utf8Parser.TryParse(digits, out int size, out var used, 'X') && used == digits.Length && size >= 0
            ? size
            : throw new HttpProtocolException(0, $"Bad chunk size: {Encoding.ASCII.GetString(line)}", null);
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
                throw new IOException(_end == 0 ? "The server closed the connection without answering." : "The server closed the connection mid-response.");
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

/// <summary>
/// A kept-alive connection the server had closed while it sat idle (its keep-alive timeout): the server closed it
/// before reading the request, so sending the request again on a new connection is safe.
/// </summary>
internal sealed class StaleConnectionException(Exception inner) : IOException("The server had closed this idle connection.", inner);

/// <summary>What the load tool reads of an answer.</summary>
public sealed record Http11Response(int Status, string? Location, byte[] Body, bool KeepAlive);
