using System.Security.Cryptography;
using FlashSale.Abstractions.Purchases;

namespace FlashSale.Grains.WaitingRooms;

/// <summary>
/// A SKU's reservation queue: the admission draw (shoppers who arrived before the session opened, or in its
/// admission window, in a seeded random order), then the line (first come, first served). It decides nothing
/// about stock; the grain serves tickets from the front against Redis and tells it when units are gone.
/// Not thread-safe: it lives inside one grain activation.
/// </summary>
internal sealed class WaitingRoom
{
    private readonly Dictionary<string, Ticket> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Shopper, string Key), Ticket> _byRequest = [];
    private readonly List<Ticket> _draw = [];
    private readonly LinkedList<Ticket> _line = new();
    private readonly Queue<Ticket> _answered = new();
    private readonly Dictionary<string, int> _unansweredByShopper = new(StringComparer.Ordinal);
    private long _nextSeq;

    /// <summary>Shoppers waiting: in the draw and in the line.</summary>
    public int Waiting => _draw.Count + _line.Count;

    public int InLine => _line.Count;

    public bool DrawPending => _draw.Count > 0;

    public Ticket? Find(string ticketId) => _byId.GetValueOrDefault(ticketId);

    /// <summary>The ticket this very request (shopper and idempotency key) already holds, answered or not.</summary>
    public Ticket? FindFor(PurchaseRequest request) => _byRequest.GetValueOrDefault((request.ShopperId, request.IdempotencyKey));

    /// <summary>The shopper's tickets not yet answered: in the draw, in the line, or being served.</summary>
    public int UnansweredFor(string shopperId) => _unansweredByShopper.GetValueOrDefault(shopperId);

    public Ticket EnterDraw(PurchaseRequest request)
    {
        var ticket = Issue(request);
        _draw.Add(ticket);
        return ticket;
    }

    public Ticket EnterLine(PurchaseRequest request)
    {
        var ticket = Issue(request);
        ticket.Seq = _nextSeq++;
        _line.AddLast(ticket.LineNode);
        return ticket;
    }

    /// <summary>
    /// Moves the draw to the head of the line (ahead of anyone who arrived after the window) in a random order
    /// that depends only on <paramref name="seed"/> and on who entered, never on who arrived first: entrants are
    /// sorted before the shuffle.
    /// </summary>
    public void Draw(long seed)
    {
        _draw.Sort((a, b) => (a.Request.ShopperId, a.Request.IdempotencyKey).CompareTo((b.Request.ShopperId, b.Request.IdempotencyKey)));
        new Random(unchecked((int)seed ^ (int)(seed >> 32))).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_draw));
        var seq = (_line.First?.Value.Seq ?? _nextSeq) - _draw.Count;
        var after = _line.First;
        foreach (var ticket in _draw)
        {
            ticket.Seq = seq++;
            PlaceBefore(after, ticket);
        }
        _nextSeq = Math.Max(_nextSeq, seq);
        _draw.Clear();
    }

    public bool TryTakeNext(out Ticket ticket)
    {
        if (_line.First is { } first)
        {
            _line.RemoveFirst();
            ticket = first.Value;
            return true;
        }
        ticket = null!;
        return false;
    }

    /// <summary>Puts a ticket that was taken but could not be served yet back in front, in its original order.</summary>
    public void PutBack(Ticket ticket)
    {
        var node = _line.First;
        while (node is not null && node.Value.Seq < ticket.Seq)
        {
            node = node.Next;
        }
        PlaceBefore(node, ticket);
    }

    /// <summary>Puts a ticket in the line just ahead of <paramref name="node"/>, or at its end when that is null.</summary>
    private void PlaceBefore(LinkedListNode<Ticket>? node, Ticket ticket)
    {
        if (node is null)
        {
            _line.AddLast(ticket.LineNode);
        }
        else
        {
            _line.AddBefore(node, ticket.LineNode);
        }
    }

    /// <summary>1 for the next ticket served; approximate by the tickets in flight. Null while in the draw or once answered.</summary>
    public long? PositionOf(Ticket ticket) =>
        ticket.State == TicketState.Queued && ticket.Seq >= 0 && _line.First is { } first ? Math.Max(1, ticket.Seq - first.Value.Seq + 1) : null;

    private static readonly PurchaseResult SoldOut = new(PurchaseOutcome.SoldOut);

    /// <summary>Answers <c>sold_out</c> to every ticket beyond the first <paramref name="keep"/> in the line, and to the draw.</summary>
    public void AnswerSoldOutBeyond(int keep, DateTimeOffset now)
    {
        foreach (var ticket in _draw)
        {
            Answer(ticket, TicketState.SoldOut, SoldOut, now);
        }
        _draw.Clear();
        while (_line.Count > Math.Max(0, keep))
        {
            Answer(_line.Last!.Value, TicketState.SoldOut, SoldOut, now);
            _line.RemoveLast();
        }
    }

    public void Answer(Ticket ticket, TicketState state, PurchaseResult? result, DateTimeOffset now)
    {
        if (ticket.State == TicketState.Queued)
        {
            Unanswered(ticket.Request.ShopperId, -1);
        }
        ticket.Answer(state, result, now);
        if (state == TicketState.Failed)
        {
            // Nothing was taken: the same request may try again with a new ticket.
            _byRequest.Remove((ticket.Request.ShopperId, ticket.Request.IdempotencyKey));
        }
        _answered.Enqueue(ticket);
    }

    /// <summary>
    /// Answers a ticket with the order its request had won before the ticket was issued (a winner's retry that
    /// joined the line): a ticket waiting in the line leaves it, one told sold out is corrected and keeps its place
    /// among the answered. A ticket being served is left to its script, which answers it with the same order.
    /// </summary>
    public void AnswerWonEarlier(Ticket ticket, PurchaseResult won, DateTimeOffset now)
    {
        if (ticket.State == TicketState.SoldOut)
        {
            ticket.Answer(TicketState.Won, won, ticket.AnsweredAt);
        }
        else if (ticket.State == TicketState.Queued && ticket.LineNode.List == _line)
        {
            _line.Remove(ticket.LineNode);
            Answer(ticket, TicketState.Won, won, now);
        }
    }

    /// <summary>Forgets tickets answered before <paramref name="cutoff"/>.</summary>
    public void ForgetAnsweredBefore(DateTimeOffset cutoff)
    {
        while (_answered.TryPeek(out var oldest) && oldest.AnsweredAt < cutoff)
        {
            _answered.Dequeue();
            _byId.Remove(oldest.Id);
            if (_byRequest.TryGetValue((oldest.Request.ShopperId, oldest.Request.IdempotencyKey), out var current) && current == oldest)
            {
                _byRequest.Remove((oldest.Request.ShopperId, oldest.Request.IdempotencyKey));
            }
        }
    }

    private Ticket Issue(PurchaseRequest request)
    {
        // Unguessable, so a ticket id is no handle on anyone else's place (the grain checks the shopper too).
        var ticket = new Ticket(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), request);
        _byId.Add(ticket.Id, ticket);
        _byRequest[(request.ShopperId, request.IdempotencyKey)] = ticket;
        Unanswered(request.ShopperId, +1);
        return ticket;
    }

    private void Unanswered(string shopperId, int change)
    {
        var count = _unansweredByShopper.GetValueOrDefault(shopperId) + change;
        if (count == 0)
        {
            _unansweredByShopper.Remove(shopperId);
        }
        else
        {
            _unansweredByShopper[shopperId] = count;
        }
    }
}
