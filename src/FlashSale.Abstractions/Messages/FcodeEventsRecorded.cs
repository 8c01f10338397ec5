namespace FlashSale.Abstractions.Messages;

/// <summary>A transfer or revocation of an F-code, as Redis applied it.</summary>
/// <param name="EventId">Unique and stable across redeliveries: the sale id and the outbox entry id.</param>
/// <param name="Version">The code's version after the event; PostgreSQL keeps the highest it has seen.</param>
public sealed record FcodeEventRecorded(
    string EventId,
    string Code,
    string SaleId,
    string Kind,
    string Actor,
    string? FromOwner,
    string? ToOwner,
    long Version,
    DateTimeOffset At);

/// <summary>The F-code events one outbox relay pass moved. Delivered at least once.</summary>
public sealed record FcodeEventsRecorded(IReadOnlyList<FcodeEventRecorded> Events);
