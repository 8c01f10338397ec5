using System.Diagnostics;

namespace FlashSale.Stock;

/// <summary>
/// Gathers one sale's purchases (or F-code redemptions) into few scripts. While <c>maxScriptsInFlight</c> scripts
/// are at Redis, new requests wait here and leave together in the next one, in the order they came, up to
/// <c>maxPerScript</c> each. Under light load every request leaves alone at once; under launch load the engine
/// pays the client's per-command bookkeeping, the syscalls and the round trip once per batch instead of once per
/// request. Redis serves a batch in order, each request exactly as it would have served it alone.
/// </summary>
/// <param name="scriptName">The script's file, which names the span of a traced request.</param>
/// <param name="script">Runs one batch: one reply per request, in the same order. Its second argument is the
/// traceparents of the batch's traced requests, space-separated, or empty: the outbox entry of their orders keeps them.</param>
public sealed class ScriptBatcher<TRequest, TReply>(string scriptName, Func<TRequest[], string, Task<TReply[]>> script, int maxPerScript, int maxScriptsInFlight)
{
    private readonly Lock _gate = new();
    private readonly Queue<Pending> _waiting = new();
    private int _scriptsInFlight;

    /// <summary>
    /// A request's reply. Like a lone script, a failed batch fails every request in it and is not retried
    /// here: the script may have run, so only the client's retry with the same idempotency key is safe.
    /// </summary>
    public Task<TReply> SendAsync(TRequest request) =>
        Activity.Current is { Recorded: true } ? SendTracedAsync(request) : Enqueue(new Pending(request));

    /// <summary>
    /// For a request whose trace is kept: a span from joining the line to the reply, so the trace shows the wait
    /// for a script as well as Redis's round trip. The rest pass without creating an activity at all.
    /// </summary>
    private async Task<TReply> SendTracedAsync(TRequest request)
    {
        using var activity = StockTracing.Source.StartActivity(scriptName, ActivityKind.Client);
        activity?.SetTag("db.system.name", "redis");
        try
        {
            return await Enqueue(new Pending(request) { Activity = activity });
        }
        catch (Exception e)
        {
            activity?.AddException(e);
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    private Task<TReply> Enqueue(Pending pending)
    {
        lock (_gate)
        {
            _waiting.Enqueue(pending);
            if (_scriptsInFlight < maxScriptsInFlight)
            {
                SendNext();
            }
        }
        return pending.Reply.Task;
    }

    /// <summary>
    /// Takes the next batch and hands it to the Redis client, under the gate: the client queues a command when it
    /// is called, so batches reach Redis in the order they were taken whichever thread takes them.
    /// </summary>
    private void SendNext()
    {
        _scriptsInFlight++;
        var batch = new Pending[Math.Min(_waiting.Count, maxPerScript)];
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = _waiting.Dequeue();
        }
        _ = CompleteAsync(batch, script(Array.ConvertAll(batch, p => p.Request), TracesOf(batch)));
    }

    /// <summary>The script spans of the batch's traced requests, as traceparents; nearly always none.</summary>
    private static string TracesOf(Pending[] batch)
    {
        List<string>? traces = null;
        foreach (var pending in batch)
        {
            if (StockTracing.TraceParentOf(pending.Activity) is { Length: > 0 } trace)
            {
                (traces ??= []).Add(trace);
            }
        }
        return traces is null ? string.Empty : string.Join(' ', traces);
    }

    /// <summary>
    /// Answers a batch's requests, then sends whatever gathered meanwhile. Off the caller's scheduler
    /// (<c>ConfigureAwait(false)</c>): in a grain, the reply would otherwise wait its turn behind every purchase
    /// queued at the activation before the next batch could leave, and Redis would sit idle meanwhile. Nothing
    /// here touches the caller's state; each request's own continuation still runs where it awaited.
    /// </summary>
    private async Task CompleteAsync(Pending[] batch, Task<TReply[]> sent)
    {
        try
        {
            var replies = await sent.ConfigureAwait(false);
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i].Activity?.SetTag(StockTracing.ScriptSizeTag, batch.Length);
                batch[i].Reply.SetResult(replies[i]);
            }
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
            {
                pending.Reply.TrySetException(e);
            }
        }
        lock (_gate)
        {
            _scriptsInFlight--;
            if (_waiting.Count > 0)
            {
                SendNext();
            }
        }
    }

    private sealed class Pending(TRequest request)
    {
        public TRequest Request => request;

        public TaskCompletionSource<TReply> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The request's span, when its trace is kept.</summary>
        public Activity? Activity { get; init; }
    }
}
