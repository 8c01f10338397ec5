using FlashSale.Abstractions.Purchases;

namespace FlashSale.Stock;

/// <summary>
/// Gathers one sale's purchases into few scripts. While <c>maxScriptsInFlight</c> purchase scripts are at Redis,
/// new purchases wait here and leave together in the next one, in the order they came, up to
/// <c>maxPerScript</c> each. Under light load every purchase leaves alone at once; under launch load the engine
/// pays the client's per-command bookkeeping, the syscalls and the round trip once per batch instead of once per
/// purchase. Redis serves a batch in order, each purchase exactly as it would have served it alone.
/// </summary>
public sealed class PurchaseBatcher(StockStore stock, string saleId, int maxPerScript, int maxScriptsInFlight)
{
    private readonly Lock _gate = new();
    private readonly Queue<Pending> _waiting = new();
    private int _scriptsInFlight;

    /// <summary>
    /// A purchase's reply. Like a lone script, a failed batch fails every purchase in it and is not retried
    /// here: the script may have run, so only the client's retry with the same idempotency key is safe.
    /// </summary>
    public Task<PurchaseReply> PurchaseAsync(PurchaseRequest request)
    {
        var pending = new Pending(request);
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
        _ = CompleteAsync(batch, stock.PurchaseAsync(saleId, Array.ConvertAll(batch, p => p.Request)));
    }

    /// <summary>
    /// Answers a batch's purchases, then sends whatever gathered meanwhile. Off the caller's scheduler
    /// (<c>ConfigureAwait(false)</c>): in a grain, the reply would otherwise wait its turn behind every purchase
    /// queued at the activation before the next batch could leave, and Redis would sit idle meanwhile. Nothing
    /// here touches the caller's state; each purchase's own continuation still runs where it awaited.
    /// </summary>
    private async Task CompleteAsync(Pending[] batch, Task<PurchaseReply[]> script)
    {
        try
        {
            var replies = await script.ConfigureAwait(false);
            for (var i = 0; i < batch.Length; i++)
            {
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

    private sealed class Pending(PurchaseRequest request)
    {
        public PurchaseRequest Request => request;

        public TaskCompletionSource<PurchaseReply> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
