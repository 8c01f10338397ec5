using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FlashSale.LoadTests.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FlashSale.LoadTests.Tests;

/// <summary>The replay's HTTP/1.1 client against a real Kestrel server: framing, headers, bodies, reuse.</summary>
public sealed class Http11ClientTests : IAsyncLifetime
{
    private static readonly string Large = new('x', 100_000);
    private WebApplication _server = null!;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        _server = LoopbackServer.Create();
        // Minimal APIs write JSON without a Content-Length: Kestrel sends it chunked.
        _server.MapPost("/orders", (HttpRequest r) => TypedResults.Created("/orders/7", new
        {
            authorization = r.Headers.Authorization.ToString(),
            key = r.Headers["Idempotency-Key"].ToString(),
            contentType = r.ContentType,
        }));
        _server.MapPost("/echo", async (HttpRequest r) => TypedResults.Json(await JsonDocument.ParseAsync(r.Body), statusCode: 202));
        _server.MapGet("/fixed", async (HttpResponse r) =>
        {
            r.ContentLength = 5;
            await r.WriteAsync("hello");
        });
        _server.MapGet("/large", () => TypedResults.Json(new { text = Large }));
        _server.MapGet("/close", (HttpResponse r) =>
        {
            r.Headers.Connection = "close";
            return TypedResults.Problem(statusCode: 409, title: "gone");
        });
        _server.MapGet("/slow", async (CancellationToken aborted) =>
        {
            await Task.Delay(TimeSpan.FromMinutes(1), aborted);
            return TypedResults.Ok();
        });
        _address = await LoopbackServer.StartAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_chunked_json_answer_comes_back_whole_with_its_status_and_location()
    {
        using var client = new Http11Client(_address, 1);

        var response = await client.SendAsync("POST", "/orders", "abc", ["Idempotency-Key: k-1"], ReadOnlyMemory<byte>.Empty);

        Assert.Equal(201, response.Status);
        Assert.Equal("/orders/7", response.Location);
        Assert.True(response.KeepAlive);
        var body = JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal("Bearer abc", body.GetProperty("authorization").GetString());
        Assert.Equal("k-1", body.GetProperty("key").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("contentType").ValueKind);
    }

    [Fact]
    public async Task A_json_body_is_sent_with_its_type_and_length()
    {
        using var client = new Http11Client(_address, 1);

        var response = await client.SendAsync("POST", "/echo", null, [], """{"fcode":"F-1"}"""u8.ToArray());

        Assert.Equal(202, response.Status);
        Assert.Equal("F-1", JsonDocument.Parse(response.Body).RootElement.GetProperty("fcode").GetString());
    }

    [Fact]
    public async Task Answers_larger_than_the_buffer_and_fixed_length_answers_keep_the_connection_in_step()
    {
        using var client = new Http11Client(_address, 1);

        // One connection for all: each answer must end exactly where the next begins.
        for (var i = 0; i < 3; i++)
        {
            var large = await client.SendAsync("GET", "/large", null, [], ReadOnlyMemory<byte>.Empty);
            Assert.Equal(Large, JsonDocument.Parse(large.Body).RootElement.GetProperty("text").GetString());
            var fixedLength = await client.SendAsync("GET", "/fixed", null, [], ReadOnlyMemory<byte>.Empty);
            Assert.Equal("hello", Encoding.ASCII.GetString(fixedLength.Body));
            Assert.True(fixedLength.KeepAlive);
        }
    }

    [Fact]
    public async Task A_server_that_closes_the_connection_gets_a_new_one_for_the_next_request()
    {
        using var client = new Http11Client(_address, 1);

        var closed = await client.SendAsync("GET", "/close", null, [], ReadOnlyMemory<byte>.Empty);
        var next = await client.SendAsync("GET", "/fixed", null, [], ReadOnlyMemory<byte>.Empty);

        Assert.Equal(409, closed.Status);
        Assert.False(closed.KeepAlive);
        Assert.Equal("gone", JsonDocument.Parse(closed.Body).RootElement.GetProperty("title").GetString());
        Assert.Equal(200, next.Status);
    }

    [Fact]
    public async Task Concurrent_requests_over_few_connections_each_get_their_own_answer()
    {
        using var client = new Http11Client(_address, 4);

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            client.SendAsync("POST", "/echo", null, [], Encoding.UTF8.GetBytes($$"""{"n":{{i}}}"""))));

        Assert.Equal(Enumerable.Range(0, 200), answers.Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("n").GetInt32()));
    }

    [Fact]
    public async Task An_exchange_that_outlives_the_timeout_fails_as_a_timeout_and_frees_its_slot()
    {
        using var client = new Http11Client(_address, 1, TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAsync<TimeoutException>(() => client.SendAsync("GET", "/slow", null, [], ReadOnlyMemory<byte>.Empty));
        var next = await client.SendAsync("GET", "/fixed", null, [], ReadOnlyMemory<byte>.Empty);

        Assert.Equal(200, next.Status);
    }

    [Fact]
    public async Task A_connection_the_server_closed_while_idle_is_replaced_and_the_request_still_answered()
    {
        var closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = LoopbackServer.Create(kestrel =>
        {
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(1);
            // Says which connection the server has closed, once it has: a fixed wait raced Kestrel's heartbeat on a busy box.
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => async connection =>
            {
                await next(connection);
                closed.TrySetResult(connection.ConnectionId);
            }));
        });
        server.MapGet("/connection", (HttpContext c) => c.Connection.Id);
        using var client = new Http11Client(await LoopbackServer.StartAsync(server), 1);

        var first = Encoding.ASCII.GetString((await client.SendAsync("GET", "/connection", null, [], ReadOnlyMemory<byte>.Empty)).Body);
        Assert.Equal(first, await closed.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        var second = await client.SendAsync("GET", "/connection", null, [], ReadOnlyMemory<byte>.Empty);

        Assert.Equal(200, second.Status);
        Assert.NotEqual(first, Encoding.ASCII.GetString(second.Body));
    }

    [Fact]
    public async Task Connecting_all_opens_every_connection_of_the_pool_before_any_request()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new Http11Client(new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}"), 5);

        await client.ConnectAllAsync(CancellationToken.None);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var accepted = new List<Socket>();
        for (var i = 0; i < 5; i++)
        {
            accepted.Add(await listener.AcceptSocketAsync(timeout.Token));
        }
        Assert.Equal(5, accepted.Count);
        accepted.ForEach(s => s.Dispose());
    }

    [Theory]
    [InlineData("""{"type":"about:blank","title":"Sold out","status":409,"code":"sold_out"}""", "sold_out")]
    [InlineData("""{"errors":{"code":["nested, not the problem's"]},"extensions":[1,{"code":"x"}],"code":"fcode_invalid"}""", "fcode_invalid")]
    [InlineData("""{"title":"no code here","status":400}""", null)]
    [InlineData("""{"code":7}""", null)]
    public void A_problem_code_is_read_from_the_top_level_only(string body, string? code) =>
        Assert.Equal(code, EngineClient.ProblemCode(Encoding.UTF8.GetBytes(body)));
}
