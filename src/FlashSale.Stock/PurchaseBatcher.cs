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
        Pending[]? batch = null;
        lock (_gate)
        {
            _waiting.Enqueue(pending);
            if (_scriptsInFlight < maxScriptsInFlight)
            {
                batch = TakeBatch();
            }
        }
        if (batch is not null)
        {
            _ = SendAsync(batch);
        }
        return pending.Reply.Task;
    }

    /// <summary>Sends a batch, then keeps sending whatever gathered meanwhile until nothing waits.</summary>
    private async Task SendAsync(Pending[] batch)
    {
        while (true)
        {
            try
            {
                var replies = await stock.PurchaseAsync(saleId, Array.ConvertAll(batch, p => p.Request));
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
                if (_waiting.Count == 0)
                {
                    return;
                }
                batch = TakeBatch();
            }
        }
    }

    /// <summary>Called under the gate.</summary>
    private Pending[] TakeBatch()
    {
        _scriptsInFlight++;
        var batch = new Pending[Math.Min(_waiting.Count, maxPerScript)];
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = _waiting.Dequeue();
        }
        return batch;
    }

    private sealed class Pending(PurchaseRequest request)
    {
        public PurchaseRequest Request => request;

        public TaskCompletionSource<PurchaseReply> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
