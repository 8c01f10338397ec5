using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace FlashSale.Host.Rehearsal;

/// <summary>
/// Rehearses a launch (<see cref="LaunchRehearsal"/>) once the host listens, and holds readiness until it is done. A fresh
/// process runs its code unoptimized at first and compiles the hot parts again in the background: at a launch's open that
/// took a fifth of the engine's CPU while the crowd waited (docs/PERFORMANCE.md). A failed rehearsal is logged and the
/// host becomes ready without it: readiness still waits for Redis, PostgreSQL and RabbitMQ.
/// </summary>
public sealed partial class StartupRehearsal(
    IServer server,
    IHostApplicationLifetime lifetime,
    LaunchRehearsal rehearsal,
    IOptions<RehearsalOptions> options,
    ILogger<StartupRehearsal> logger) : BackgroundService
{
    private readonly TaskCompletionSource<IReadOnlyList<RehearsalOutcome>?> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The rehearsal's rounds: null when it was disabled or failed.</summary>
    public Task<IReadOnlyList<RehearsalOutcome>?> Finished => _finished.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (options.Value.Enabled && await StartedAsync(stoppingToken))
            {
                _finished.TrySetResult(await RehearseAsync(stoppingToken));
            }
        }
        finally
        {
            _finished.TrySetResult(null);
        }
    }

    private async Task<IReadOnlyList<RehearsalOutcome>?> RehearseAsync(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            var self = LoopbackAddress.From(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
            var rounds = new List<RehearsalOutcome>();
            while (rounds.Count < options.Value.Rounds)
            {
                var outcome = await rehearsal.RunAsync(self, timeout.Token);
                rounds.Add(outcome);
                LogRehearsed(rounds.Count, outcome.Sold, outcome.SoldOut, outcome.Redeemed, outcome.Took.TotalMilliseconds, outcome.MethodsCompiled, outcome.SaleId);
            }
            return rounds;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogRehearsalFailed(e, options.Value.Timeout.TotalSeconds);
            return null;
        }
    }

    /// <returns>false when the host stops before it has started.</returns>
    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(LogLevel.Information,
        "Rehearsal round {Round} before taking traffic: {Sold} sold, {SoldOut} sold out, {Redeemed} F-codes redeemed, all stored, in {Milliseconds:F0} ms, while {Compiled} methods were compiled; its sale {SaleId} is forgotten")]
    private partial void LogRehearsed(int round, int sold, int soldOut, int redeemed, double milliseconds, long compiled, string saleId);

    [LoggerMessage(LogLevel.Error,
        "The start-up rehearsal failed or took over {Seconds:F0} s; the host reports ready without it, and its first crowd will find it cold")]
    private partial void LogRehearsalFailed(Exception exception, double seconds);
}
