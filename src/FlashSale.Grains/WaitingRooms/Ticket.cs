using FlashSale.Abstractions.Purchases;

namespace FlashSale.Grains.WaitingRooms;

/// <summary>One queued purchase: where it stands, and once served, how it ended.</summary>
internal sealed class Ticket
{
    public Ticket(string id, PurchaseRequest request)
    {
        Id = id;
        Request = request;
        LineNode = new LinkedListNode<Ticket>(this);
    }

    public string Id { get; }

    public PurchaseRequest Request { get; }

    /// <summary>
    /// Its node in the waiting room's line (attached while it waits there), so that it leaves the line in O(1)
    /// from anywhere in it, not by a search of a line that may hold a whole sale's stock.
    /// </summary>
    public LinkedListNode<Ticket> LineNode { get; }

    /// <summary>Its place in the line, counting from 0 for the first ticket ever queued; -1 while in the admission draw.</summary>
    public long Seq { get; set; } = -1;

    public TicketState State { get; private set; } = TicketState.Queued;

    public PurchaseResult? Result { get; private set; }

    public DateTimeOffset AnsweredAt { get; private set; }

    public void Answer(TicketState state, PurchaseResult? result, DateTimeOffset at)
    {
        State = state;
        Result = result;
        AnsweredAt = at;
    }
}
