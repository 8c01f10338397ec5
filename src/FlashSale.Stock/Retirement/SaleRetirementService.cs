using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlashSale.Stock.Retirement;

/// <summary>
/// Retires every sale that settled more than <see cref="SaleRetirementOptions.KeepSettledSalesFor"/> ago, every
/// <see cref="SaleRetirementOptions.CheckEvery"/>. Without it Redis would keep every sale's orders, registrations
/// and idempotency keys for ever, and every relay would go on reading every outbox ever created.
/// </summary>
public sealed partial class SaleRetirementService(
    SaleRetirement retirement,
    TimeProvider clock,
    IOptions<SaleRetirementOptions> options,
    ILogger<SaleRetirementService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckEvery, clock);
        do
        {
            try
            {
                await RetireDueSalesAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Listing the due sales failed (Redis is away): the next check tries again.
                LogCheckFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RetireDueSalesAsync(CancellationToken cancellationToken)
    {
        var settledBy = clock.GetUtcNow() - options.Value.KeepSettledSalesFor;
        foreach (var saleId in await retirement.ListSettledByAsync(settledBy))
        {
            await RetireAsync(saleId, settledBy, cancellationToken);
        }
    }

    /// <summary>One sale's failure is logged and leaves the others to be retired: the next check tries it again.</summary>
    private async Task RetireAsync(string saleId, DateTimeOffset settledBy, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await retirement.RetireAsync(saleId, settledBy, cancellationToken);
            if (outcome == RetirementOutcome.Retired)
            {
                LogRetired(saleId);
            }
            else if (outcome != RetirementOutcome.NotDue)
            {
                LogNotYet(saleId, outcome);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSaleFailed(e, saleId);
        }
    }

    [LoggerMessage(LogLevel.Information, "Retired sale {SaleId}: its orders, now archived, registrations, idempotency keys and F-code state left Redis; its counts stay.")]
    private partial void LogRetired(string saleId);

    [LoggerMessage(LogLevel.Warning, "Sale {SaleId} is due for retirement but kept: {Outcome}. The next check tries again.")]
    private partial void LogNotYet(string saleId, RetirementOutcome outcome);

    [LoggerMessage(LogLevel.Error, "Retiring sale {SaleId} failed; the next check tries again.")]
    private partial void LogSaleFailed(Exception exception, string saleId);

    [LoggerMessage(LogLevel.Error, "Looking for sales to retire failed.")]
    private partial void LogCheckFailed(Exception exception);
}
