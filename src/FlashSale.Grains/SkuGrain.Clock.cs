using Microsoft.Extensions.Logging;

namespace FlashSale.Grains;

/// <summary>
/// The sale's clock (session boundaries, settlement) and the sweep timer, which lapses unpaid holds, forgets old
/// tickets and makes a draw whose own timer is missing.
/// </summary>
public sealed partial class SkuGrain
{
    private const int LapsesPerSweep = 1_000;

    private SaleClock _saleClock = null!;

    /// <summary>The sale's clock: on time at each session boundary, and every minute as a backstop while the sale runs.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var session = await stock.AdvanceSessionAsync(SaleId);
        if (session is null)
        {
            await _saleClock.StopAsync();
            return;
        }
        if (_sale is null || session != _session)
        {
            var snapshot = await stock.GetSnapshotAsync(SaleId);
            Adopt(snapshot!.Definition, snapshot.Session);
            UnitsCameBack();
            LogSessionOpened(SaleId, session.Value);
        }
        await LapseDueHoldsAsync();
        await ScheduleClockAsync();
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        if (_room.DrawPending && _drawTimer is null && DrawOpenAt(clock.GetUtcNow()) is null)
        {
            await DrawAsync(cancellationToken); // a backstop: the draw timer is normally there
        }
        _room.ForgetAnsweredBefore(clock.GetUtcNow() - _options.TicketRetention);
        if (_sale is { PaymentWindowSeconds: > 0 } && clock.GetUtcNow() < _sale.SettlesBy + TimeSpan.FromMinutes(1))
        {
            await LapseDueHoldsAsync();
        }
    }

    private async Task LapseDueHoldsAsync()
    {
        try
        {
            if (await stock.LapseDueHoldsAsync(SaleId, LapsesPerSweep) is { } reply)
            {
                Observe(reply.Counts);
            }
        }
        catch (Exception e)
        {
            // The next sweep tries again; a payment arriving meanwhile lapses its own hold in pay.lua.
            LogSweepFailed(e, SaleId);
        }
    }

    private Task ScheduleClockAsync() => _saleClock.ScheduleAsync(_sale!, holdsPending: _counts is { Held: > 0 });

    [LoggerMessage(LogLevel.Information, "Sale {SaleId} moved on to session {Session}")]
    private partial void LogSessionOpened(string saleId, int session);

    [LoggerMessage(LogLevel.Warning, "Sweeping the lapsed holds of sale {SaleId} failed")]
    private partial void LogSweepFailed(Exception exception, string saleId);
}
