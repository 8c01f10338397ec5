using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Sales;
using FlashSale.Grains.WaitingRooms;
using FlashSale.Stock;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace FlashSale.Grains;

/// <summary>
/// One activation per sale, in the whole cluster. It serves purchases against Redis (the authority) and holds
/// the sale's waiting room. Reentrant: purchases must overlap so they can share scripts (<see cref="ScriptBatcher{TRequest, TReply}"/>);
/// serialising them would cap a sale at one Redis round trip per unit. All its state is advice derived from
/// Redis's answers; a new activation starts by asking Redis again. The admission draw is in
/// <c>SkuGrain.AdmissionDraw.cs</c>, the sale's clock and its sweep in <c>SkuGrain.Clock.cs</c>.
/// </summary>
[Reentrant]
public sealed partial class SkuGrain(
    StockStore stock,
    IOptions<WaitingRoomOptions> options,
    TimeProvider clock,
    ILogger<SkuGrain> logger) : Grain, ISkuGrain, IRemindable
{
    /// <summary>How long a served ticket keeps retrying when this host's clock says open and Redis's does not yet.</summary>
    private static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromSeconds(2);

    private readonly WaitingRoomOptions _options = options.Value;
    private readonly WaitingRoom _room = new();
    private readonly ServeRate _rate = new(options.Value.MaxInFlight);
    private SaleDefinition? _sale;
    private int _session = 1;
    private StockCounts? _counts;
    private int _inFlight;
    private ScriptBatcher<PurchaseRequest, PurchaseReply> _purchases = null!;

    private SaleOrders _orders = null!;

    /// <summary>Redis said nothing remains and no hold can lapse back: every purchase is answered from memory.</summary>
    private bool _soldOut;

    private string SaleId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _purchases = new("purchase.lua", (batch, traces) => stock.PurchaseAsync(SaleId, batch, traces), _options.MaxPurchasesPerScript, _options.PurchaseScriptsInFlight);
        _orders = new(stock, SaleId);
        _saleClock = new(this, clock);
        if (await stock.GetSnapshotAsync(SaleId) is { } snapshot)
        {
            Adopt(snapshot.Definition, snapshot.Session);
        }
        this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions(_options.LapseSweepInterval, _options.LapseSweepInterval) { Interleave = true });
    }

    public async Task<bool> Create(SaleDefinition definition)
    {
        if (definition.SaleId != SaleId)
        {
            throw new ArgumentException($"Sale {definition.SaleId} cannot be created by the grain of sale {SaleId}.", nameof(definition));
        }
        if (!await stock.CreateSaleAsync(definition))
        {
            return false;
        }
        Adopt(definition, session: 1);
        await ScheduleClockAsync();
        return true;
    }

    public async Task<SaleSnapshot?> GetSnapshot()
    {
        var snapshot = await stock.GetSnapshotAsync(SaleId);
        LeaveIfNoSale();
        return snapshot;
    }

    public async Task<PurchaseResult> Purchase(PurchaseRequest request)
    {
        if (_soldOut)
        {
            return await _orders.AnswerIfOrderedAsync(request) ?? new PurchaseResult(PurchaseOutcome.SoldOut);
        }
        if (_room.FindFor(request) is { } existing)
        {
            await AnswerIfWonEarlierAsync(existing);
            return Describe(existing);
        }
        if (_sale is { } sale && _room.UnansweredFor(request.ShopperId) >= sale.PerShopperLimit)
        {
            return new PurchaseResult(PurchaseOutcome.TooManyTickets);
        }
        var now = clock.GetUtcNow();
        if (DrawOpenAt(now) is { } drawAt)
        {
            return await EnterDrawAsync(request, drawAt);
        }
        if (_room.InLine > 0 || _room.DrawPending || _inFlight >= _options.MaxInFlight || _counts is { Remaining: <= 0 })
        {
            return await EnqueueAsync(request);
        }
        return await ServeNowAsync(request);
    }

    public async Task<TicketStatus?> GetTicket(string ticketId, string shopperId)
    {
        if (_room.Find(ticketId) is not { } ticket || ticket.Request.ShopperId != shopperId)
        {
            LeaveIfNoSale();
            return null;
        }
        await AnswerIfWonEarlierAsync(ticket);
        var (queued, wait) = Standing(ticket, clock.GetUtcNow());
        var eta = queued.Position is not null ? wait : ticket.State == TicketState.Queued ? queued.RetryAfter : (TimeSpan?)null;
        return new TicketStatus(ticket.State, queued, ticket.Result, eta);
    }

    /// <summary>
    /// A winner's retry that joined the line while units remained holds a ticket though its key had already won.
    /// Once nothing is left to sell, the ticket gets that order rather than a wait for a unit or a sold-out answer.
    /// </summary>
    private async Task AnswerIfWonEarlierAsync(Ticket ticket)
    {
        var unsettled = ticket.State == TicketState.SoldOut || (ticket.State == TicketState.Queued && _counts is { Remaining: <= 0 });
        if (unsettled && await _orders.AnswerIfOrderedAsync(ticket.Request) is { Succeeded: true } won)
        {
            _room.AnswerWonEarlier(ticket, won, clock.GetUtcNow());
        }
    }

    public Task SawFcodeOrder(FcodeRedemption redemption, PurchaseResult result)
    {
        _orders.Saw(redemption.ShopperId, redemption.IdempotencyKey, result);
        return Task.CompletedTask;
    }

    public async Task<PaymentResult> Pay(string orderId, string shopperId)
    {
        var reply = await stock.PayAsync(SaleId, orderId, shopperId);
        Observe(reply.Counts);
        LeaveIfNoSale();
        return reply.Result;
    }

    public async Task<int?> ReleaseFcodeStock()
    {
        var moved = await stock.ReleaseFcodeStockAsync(SaleId);
        if (moved > 0)
        {
            UnitsCameBack();
        }
        LeaveIfNoSale();
        return moved;
    }

    /// <summary>
    /// Any 32 hex digits in a URL reach a grain, so a request for a sale that does not exist must leave nothing
    /// behind: kept until Orleans collects idle grains (minutes later), each such activation held a waiting room
    /// and a sweep timer, and 20,000 of them kept two fifths of a core busy firing timers.
    /// </summary>
    private void LeaveIfNoSale()
    {
        if (_sale is null)
        {
            this.DeactivateOnIdle();
        }
    }

    private void Adopt(SaleDefinition sale, int session)
    {
        _sale = sale;
        _session = session;
    }

    /// <summary>
    /// Joins the line. When nothing remains but holds might lapse, only as many shoppers wait as there are holds:
    /// anyone further back would wait for nothing.
    /// </summary>
    private async Task<PurchaseResult> EnqueueAsync(PurchaseRequest request)
    {
        // With nothing to sell, a winner's retry gets its order back rather than a place in line or a refusal.
        if (_counts is { Remaining: <= 0 } && await _orders.AnswerIfOrderedAsync(request) is { } known)
        {
            return known;
        }
        var exhaustedForNewcomers = _counts is { Remaining: <= 0 } counts && _room.InLine >= counts.Held;
        if (exhaustedForNewcomers)
        {
            return new PurchaseResult(PurchaseOutcome.SoldOut);
        }
        if (_room.Waiting >= _options.MaxQueueLength)
        {
            return new PurchaseResult(_counts is { Remaining: <= 0 } ? PurchaseOutcome.SoldOut : PurchaseOutcome.Busy);
        }
        var ticket = _room.EnterLine(request);
        Pump();
        return Describe(ticket);
    }

    private async Task<PurchaseResult> ServeNowAsync(PurchaseRequest request)
    {
        PurchaseReply reply;
        _inFlight++;
        try
        {
            reply = await _purchases.SendAsync(request);
        }
        finally
        {
            _inFlight--;
        }
        if (reply.Result.Outcome == PurchaseOutcome.UnknownSale)
        {
            LeaveIfNoSale();
        }
        _rate.Served(clock.GetUtcNow());
        Observe(reply.Counts);
        _orders.Saw(request.ShopperId, request.IdempotencyKey, reply.Result);
        if (reply.Result.Outcome == PurchaseOutcome.SoldOut && reply.Counts is { Held: > 0 } && !_soldOut)
        {
            // Units are held and may lapse back: wait in line for them rather than leave empty-handed.
            return await EnqueueAsync(request);
        }
        Pump();
        return reply.Result;
    }

    /// <summary>
    /// Serves tickets from the front of the line while there is room in flight and stock to serve them, never
    /// while a draw is pending (the drawn go first). Started in line order from this one activation, their scripts
    /// reach Redis in that order over the multiplexer's pipeline.
    /// </summary>
    private void Pump()
    {
        while (_inFlight < _options.MaxInFlight && _counts is not { Remaining: <= 0 } && !_room.DrawPending && _room.TryTakeNext(out var ticket))
        {
            _inFlight++;
            _ = ServeQueuedAsync(ticket);
        }
    }

    private async Task ServeQueuedAsync(Ticket ticket)
    {
        PurchaseReply? reply = null;
        try
        {
            reply = await _purchases.SendAsync(ticket.Request);
            while (reply.Result.Outcome == PurchaseOutcome.NotOpen && clock.GetUtcNow() < CurrentSession.StartsAt + ClockSkewAllowance)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), clock);
                reply = await _purchases.SendAsync(ticket.Request);
            }
        }
        catch (Exception e)
        {
            reply = null; // a retry may have failed after an earlier answer: the ticket is answered as failed
            _room.Answer(ticket, TicketState.Failed, null, clock.GetUtcNow());
            LogServeFailed(e, SaleId);
        }
        finally
        {
            _inFlight--;
        }
        if (reply is not null)
        {
            var now = clock.GetUtcNow();
            _rate.Served(now);
            var result = reply.Result;
            _orders.Saw(ticket.Request.ShopperId, ticket.Request.IdempotencyKey, result);
            if (result.Succeeded)
            {
                _room.Answer(ticket, TicketState.Won, result, now);
            }
            else if (result.Outcome == PurchaseOutcome.SoldOut && reply.Counts is { Held: > 0 })
            {
                _room.PutBack(ticket); // units are held and may lapse back to it
            }
            else
            {
                _room.Answer(ticket, result.Outcome == PurchaseOutcome.SoldOut ? TicketState.SoldOut : TicketState.Refused, result, now);
            }
            Observe(reply.Counts);
        }
        Pump();
    }

    /// <summary>Steers the waiting room by what Redis just said about the pool.</summary>
    private void Observe(StockCounts? observed)
    {
        if (observed is not { } counts)
        {
            return;
        }
        _counts = counts;
        if (counts.Remaining > 0)
        {
            Pump();
            return;
        }
        // Only as many keep waiting as there are held units that could lapse back; none once nothing is held.
        _room.AnswerSoldOutBeyond(counts.Held, clock.GetUtcNow());
        _orders.Load();
        if (counts.Exhausted)
        {
            _soldOut = true;
        }
    }

    private void UnitsCameBack()
    {
        _soldOut = false;
        _counts = null;
        Pump();
    }

    private SaleSession CurrentSession => _sale!.AllSessions[_session - 1];

    private PurchaseResult Describe(Ticket ticket) => ticket.State switch
    {
        TicketState.Queued => new PurchaseResult(PurchaseOutcome.Queued, Ticket: Standing(ticket, clock.GetUtcNow()).Ticket),
        _ => ticket.Result ?? new PurchaseResult(PurchaseOutcome.SoldOut),
    };

    /// <summary>Where a ticket stands, and how long until it is served (its ETA in line, or until the draw).</summary>
    private (QueueTicket Ticket, TimeSpan Wait) Standing(Ticket ticket, DateTimeOffset now)
    {
        var position = _room.PositionOf(ticket);
        var wait = position is { } p ? _rate.EtaFor(p, now)
            : ticket.Seq < 0 && DrawOpenAt(now) is { } drawAt ? drawAt - now
            : TimeSpan.Zero;
        return (new QueueTicket(ticket.Id, position, TimeSpans.Clamp(wait, TimeSpan.FromMilliseconds(100), MaxRetryAfter)), wait);
    }

    /// <summary>The longest a queued shopper is asked to wait before polling again: the line can empty fast.</summary>
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(5);

    [LoggerMessage(LogLevel.Warning, "Serving a queued purchase of sale {SaleId} failed; its ticket says so and nothing was taken")]
    private partial void LogServeFailed(Exception exception, string saleId);
}
