using FlashSale.Abstractions.Purchases;

namespace FlashSale.Grains.WaitingRooms;

/// <summary>One queued purchase: where it stands, and once served, how it ended.</summary>
internal sealed class Ticket(string id, PurchaseRequest request)
{
    public string Id { get; } = id;

    public PurchaseRequest Request { get; } = request;

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
