using System.Collections.Concurrent;

namespace FlashSale.Outbox;

/// <summary>
/// Which sales this host's relay is failing to hand on, and since when, for <see cref="RelayHealthCheck"/>. The bus's own
/// check sees only whether a connection is open: a broker that stops confirming, or a publish RabbitMQ.Client never
/// completes, leaves it healthy while orders pile up in Redis.
/// </summary>
public sealed class RelayHealth(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _failingSince = new();
    private volatile string? _lastError;

    /// <summary>A pass over the sale went through: it moved its entries, or had none to move, or held them.</summary>
    public void Passed(string saleId) => _failingSince.TryRemove(saleId, out _);

    public void Failed(string saleId, Exception exception)
    {
        _failingSince.TryAdd(saleId, clock.GetUtcNow());
        _lastError = exception.Message;
    }

    /// <summary>Forgets sales the relay no longer watches: their entries are gone, or another relay moves them.</summary>
    public void KeepOnly(IReadOnlyCollection<string> watched)
    {
        foreach (var saleId in _failingSince.Keys.Where(s => !watched.Contains(s)))
        {
            _failingSince.TryRemove(saleId, out _);
        }
    }

    /// <summary>How many sales are failing, for how long the longest has, and the last failure's message.</summary>
    public (int Sales, TimeSpan Longest, string? LastError) Failing()
    {
        var since = _failingSince.Values.ToList();
        return since.Count == 0 ? (0, TimeSpan.Zero, null) : (since.Count, clock.GetUtcNow() - since.Min(), _lastError);
    }
}
