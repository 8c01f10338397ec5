using System.Diagnostics.Tracing;

namespace FlashSale.LoadTests.Machine;

/// <summary>One stop of the generator's threads for a collection: when it began, and how long it lasted.</summary>
public sealed record GcPause(DateTime StartedAtUtc, TimeSpan Duration);

/// <summary>
/// Each stop of the generator's threads for a garbage collection, from the runtime's own events (suspension begun,
/// threads restarted): the total that <see cref="GC.GetTotalPauseDuration"/> gives cannot tell one 80-ms stall of the
/// whole crowd from forty of 2 ms. The events reach the listener on a thread of their own, a little after the fact.
/// </summary>
internal sealed class GcPauseListener : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int SuspendBegin = 9, RestartEnd = 3;

    /// <summary>The suspension reasons of a collection (SUSPEND_FOR_GC, SUSPEND_FOR_GC_PREP); others are the debugger's or the JIT's.</summary>
    private const uint ForGc = 1, ForGcPreparation = 6;

    private readonly Lock _gate = new();
    private readonly List<GcPause> _pauses = [];
    private DateTime? _suspendedAt;

    /// <summary>The pauses seen so far, in order.</summary>
    public IReadOnlyList<GcPause> Seen
    {
        get
        {
            lock (_gate)
            {
                return [.. _pauses];
            }
        }
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        // Called from the base constructor for sources that already exist: it must not touch this class's fields.
        if (source.Name == RuntimeSource)
        {
            EnableEvents(source, EventLevel.Informational, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        lock (_gate)
        {
            if (e.EventId == SuspendBegin)
            {
                _suspendedAt = e.Payload is [uint reason, ..] && reason is ForGc or ForGcPreparation ? e.TimeStamp : null;
            }
            else if (e.EventId == RestartEnd && _suspendedAt is { } began)
            {
                _suspendedAt = null;
                _pauses.Add(new(began.ToUniversalTime(), e.TimeStamp - began));
            }
        }
    }
}
