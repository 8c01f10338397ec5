using FlashSale.Stock;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlashSale.Fcodes;

/// <summary>
/// At start-up, once per Redis dataset, indexes the codes that builds before <see cref="FcodeLocator"/> issued
/// (<see cref="FcodeStore.IndexEarlierCodesAsync"/>), so that a launch's first after the upgrade transfers them
/// without PostgreSQL too. Until it succeeds they are found through PostgreSQL, correctly but dearer; while Redis is
/// away it tries again every <see cref="RetryEvery"/>.
/// </summary>
public sealed partial class FcodeSaleIndexBackfill(FcodeStore live, TimeProvider clock, ILogger<FcodeSaleIndexBackfill> logger) : BackgroundService
{
    public static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RetryEvery, clock);
        do
        {
            try
            {
                if (await live.IndexEarlierCodesAsync(clock.GetUtcNow()) is var indexed and > 0)
                {
                    LogIndexed(indexed);
                }
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(LogLevel.Information, "Indexed {Count} F-codes issued before Redis kept each code's sale.")]
    private partial void LogIndexed(long count);

    [LoggerMessage(LogLevel.Warning, "Indexing the F-codes issued before Redis kept each code's sale failed; they are found through PostgreSQL meanwhile. Trying again.")]
    private partial void LogFailed(Exception e);
}
