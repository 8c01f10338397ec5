namespace FlashSale.Abstractions.Purchases;

/// <summary>A place in a sale's waiting room.</summary>
/// <param name="Position">1 for the next shopper served; null while the admission draw has not been made.</param>
/// <param name="RetryAfter">When asking again is worth it.</param>
[GenerateSerializer, Immutable]
public sealed record QueueTicket(string TicketId, long? Position, TimeSpan RetryAfter);
