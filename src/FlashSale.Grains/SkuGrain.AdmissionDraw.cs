using FlashSale.Abstractions.Purchases;

namespace FlashSale.Grains;

/// <summary>
/// The admission draw of a session: shoppers who arrive from just before its start until its admission window
/// closes enter the draw, so that arriving first in that window earns nothing; when it closes they join the line in
/// a random order seeded per session.
/// </summary>
public sealed partial class SkuGrain
{
    private IGrainTimer? _drawTimer;

    private async Task<PurchaseResult> EnterDrawAsync(PurchaseRequest request, DateTimeOffset drawAt)
    {
        // Checked here so the draw holds only shoppers who may buy; the purchase script checks again.
        if (_sale!.RequiresRegistration && !await stock.IsRegisteredAsync(SaleId, request.ShopperId))
        {
            return new PurchaseResult(PurchaseOutcome.NotRegistered);
        }
        if (_room.FindFor(request) is { } raced)
        {
            return Describe(raced);
        }
        if (_room.Waiting >= _options.MaxQueueLength)
        {
            return new PurchaseResult(PurchaseOutcome.Busy);
        }
        var ticket = _room.EnterDraw(request);
        if (_drawTimer is null)
        {
            ArmDrawTimer(drawAt - clock.GetUtcNow());
        }
        return Describe(ticket);
    }

    /// <summary>When the admission draw of the current session will be made, while shoppers may still enter it.</summary>
    private DateTimeOffset? DrawOpenAt(DateTimeOffset now)
    {
        if (_sale is null)
        {
            return null;
        }
        var session = CurrentSession;
        var drawAt = session.StartsAt + TimeSpan.FromMilliseconds(_sale.AdmissionWindowMs);
        return now >= session.StartsAt - _options.OpensBeforeSession && now < drawAt ? drawAt : null;
    }

    /// <summary>
    /// Makes the draw once Redis's clock, which decides whether the sale is open, has reached the session's start;
    /// until then it tries again when Redis should be there. Drawing earlier would have the first tickets refused
    /// as not open and retried out of the drawn order.
    /// </summary>
    private async Task DrawAsync(CancellationToken cancellationToken)
    {
        if (!_room.DrawPending || await stock.GetSnapshotAsync(SaleId) is not { } snapshot)
        {
            return;
        }
        var early = CurrentSession.StartsAt - snapshot.Now;
        if (early > TimeSpan.Zero)
        {
            ArmDrawTimer(early + TimeSpan.FromMilliseconds(1));
            return;
        }
        // Each session draws with its own seed, so one draw says nothing about the next.
        _room.Draw(_sale!.AdmissionSeed + _session);
        _drawTimer?.Dispose();
        _drawTimer = null;
        Pump();
    }

    /// <summary>One draw timer at a time: arming it again replaces the one there.</summary>
    private void ArmDrawTimer(TimeSpan due)
    {
        _drawTimer?.Dispose();
        _drawTimer = this.RegisterGrainTimer(DrawAsync,
            new GrainTimerCreationOptions(TimeSpans.Clamp(due, TimeSpan.Zero, TimeSpan.MaxValue), Timeout.InfiniteTimeSpan) { Interleave = true });
    }
}
