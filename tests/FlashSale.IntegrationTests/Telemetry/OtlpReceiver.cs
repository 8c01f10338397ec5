using System.Collections.Concurrent;
using FlashSale.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace FlashSale.IntegrationTests.Telemetry;

/// <summary>
/// Stands where an OpenTelemetry collector would: a real HTTP listener that takes OTLP/HTTP protobuf exports
/// (<c>POST /v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>) and keeps each body as it arrived.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Signal, byte[] Body)> _exports = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public Uri Address => FlashSaleApp.ListeningAddress(_app.Services);

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver._exports.Enqueue((signal, body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The bodies of one signal's exports received so far.</summary>
    public IReadOnlyList<byte[]> Received(string signal) => _exports.Where(e => e.Signal == signal).Select(e => e.Body).ToList();

    /// <summary>Waits until what was received of a signal satisfies <paramref name="done"/>, and returns it.</summary>
    public Task<IReadOnlyList<byte[]>> WaitForAsync(string signal, Func<IReadOnlyList<byte[]>, bool> done, TimeSpan timeout) =>
        Waiting.ReadUntilAsync(() => Task.FromResult(Received(signal)), done, timeout);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
