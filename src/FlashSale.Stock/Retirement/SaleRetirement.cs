using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Stock.Retirement;

/// <summary>What became of one attempt to retire a sale.</summary>
public enum RetirementOutcome
{
    Retired,

    /// <summary>The sale settled after the cut-off, or was already retired (by this host or another).</summary>
    NotDue,

    /// <summary>A hold was never settled: its lapse has not run yet.</summary>
    HoldsPending,

    /// <summary>The outbox holds entries no relay has handed to RabbitMQ yet (the broker may be down).</summary>
    OutboxPending,

    /// <summary>The orders hash no longer held what was archived; the next attempt archives it again.</summary>
    OrdersChanged,
}

/// <summary>
/// Frees what a settled sale keeps in Redis: the keys that grow with its crowd, which for a launch that asked
/// millions to register are hundreds of megabytes, its orders, once the <see cref="IOrderArchive"/> has them, and
/// its place in the registry every outbox relay reads. See <c>retire_sale.lua</c> for what stays (the sale's final
/// counts) and what must be done first.
/// </summary>
public sealed class SaleRetirement(IConnectionMultiplexer redis, FcodeStore fcodes, IOrderArchive archive, IOptions<RedisOptions> options)
{
    /// <summary>Orders read from Redis and written to the archive at a time.</summary>
    private const int ArchiveBatch = 2_000;

    private readonly string _prefix = options.Value.KeyPrefix;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Sales in the registry that settled (ended, and their payment window closed) at or before <paramref name="settledBy"/>.</summary>
    public async Task<IReadOnlyList<string>> ListSettledByAsync(DateTimeOffset settledBy)
    {
        var members = await Db.SortedSetRangeByScoreAsync(SaleKeys.Registry(_prefix), stop: settledBy.ToUnixTimeMilliseconds());
        return [.. members.Select(m => (string)m!)];
    }

    public async Task<RetirementOutcome> RetireAsync(string saleId, DateTimeOffset settledBy, CancellationToken cancellationToken = default)
    {
        var keys = new SaleKeys(_prefix, saleId);
        // The script checks all of this again atomically; asking first keeps the F-codes of a sale it would refuse.
        var settles = await Db.SortedSetScoreAsync(SaleKeys.Registry(_prefix), saleId);
        if (settles is null || settles > settledBy.ToUnixTimeMilliseconds())
        {
            return RetirementOutcome.NotDue;
        }
        if ((long?)await Db.HashGetAsync(keys.Sale, "held") > 0)
        {
            return RetirementOutcome.HoldsPending;
        }
        if (await Db.StreamLengthAsync(keys.Outbox) > 0)
        {
            return RetirementOutcome.OutboxPending;
        }
        // A settled sale with no hold left writes no order, so what is archived now is what the script deletes;
        // the script checks the count all the same.
        var archived = await ArchiveOrdersAsync(saleId, keys, cancellationToken);
        // The codes' hashes go before the script runs, in batches. Should the script then refuse (an F-code event
        // reached the outbox meanwhile), the sale ended long ago and its codes can no longer buy anything; the next
        // attempt finishes the retirement, and the F-code registry in PostgreSQL keeps every code's history.
        await fcodes.DeleteAllAsync(saleId);
        var outcome = (string?)await LuaScripts.RetireSale.EvaluateAsync(Db,
            [SaleKeys.Registry(_prefix), keys.Sale, keys.Outbox, keys.Registered, keys.Orders,
                keys.Idempotency, keys.UnitsPerShopper, keys.HoldDeadlines, keys.FcodeIndex],
            [saleId, settledBy.ToUnixTimeMilliseconds(), archived]);
        return outcome switch
        {
            "retired" => RetirementOutcome.Retired,
            "not_due" => RetirementOutcome.NotDue,
            "holds_pending" => RetirementOutcome.HoldsPending,
            "outbox_pending" => RetirementOutcome.OutboxPending,
            "orders_changed" => RetirementOutcome.OrdersChanged,
            _ => throw new InvalidOperationException($"retire_sale.lua answered '{outcome}'."),
        };
    }

    /// <returns>How many orders the archive was handed.</returns>
    private async Task<int> ArchiveOrdersAsync(string saleId, SaleKeys keys, CancellationToken cancellationToken)
    {
        var idempotencyKeys = await IdempotencyKeysByOrderAsync(keys.Idempotency);
        var archived = 0;
        await foreach (var batch in Db.HashScanAsync(keys.Orders, pageSize: ArchiveBatch).Chunk(ArchiveBatch).WithCancellation(cancellationToken))
        {
            await archive.ArchiveAsync(
                [.. batch.Select(e => new ArchivedOrder(StockOrder.Parse(e.Name!, saleId, e.Value!), idempotencyKeys.GetValueOrDefault(e.Name!)))],
                cancellationToken);
            archived += batch.Length;
        }
        return archived;
    }

    /// <summary>
    /// The idempotency hash turned around: it maps each shopper's key to the order it made, and the archive keeps
    /// the key with the order, so that the shopper's retry is still answered with it.
    /// </summary>
    private async Task<Dictionary<string, string>> IdempotencyKeysByOrderAsync(RedisKey idempotency)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var entry in Db.HashScanAsync(idempotency, pageSize: ArchiveBatch))
        {
            keys[entry.Value!] = IdempotencyField.KeyOf(entry.Name!);
        }
        return keys;
    }
}
