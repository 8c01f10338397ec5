using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Stock;

/// <summary>
/// The live state of F-codes, one hash per code under its sale's hash tag. Transfers, revocations and
/// redemptions are Lua scripts on that hash, so they are atomic with respect to each other; each appends
/// its event to the sale's outbox for PostgreSQL's record.
/// </summary>
public sealed class FcodeStore(IConnectionMultiplexer redis, IOptions<RedisOptions> options)
{
    private const int BatchSize = 2_000;
    private readonly string _prefix = options.Value.KeyPrefix;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Writes newly issued codes, pipelined in batches.</summary>
    public async Task LoadAsync(string saleId, IReadOnlyList<NewFcode> codes)
    {
        var keys = new SaleKeys(_prefix, saleId);
        foreach (var chunk in codes.Chunk(BatchSize))
        {
            var batch = Db.CreateBatch();
            var writes = chunk.Select(c => batch.HashSetAsync(keys.Fcode(c.Code),
            [
                new("owner", c.OwnerId ?? ""),
                new("state", "active"),
                new("expires_ms", c.ExpiresAt?.ToUnixTimeMilliseconds() ?? 0),
                new("version", 1),
            ])).Append(batch.SetAddAsync(keys.FcodeIndex, [.. chunk.Select(c => (RedisValue)c.Code)]))
                .Append(batch.HashSetAsync(SaleKeys.FcodeSales(_prefix), [.. chunk.Select(c => new HashEntry(c.Code, saleId))])).ToArray();
            batch.Execute();
            await Task.WhenAll(writes);
        }
    }

    /// <summary>Removes codes whose issuing failed before PostgreSQL recorded them.</summary>
    public async Task DeleteAsync(string saleId, IReadOnlyList<NewFcode> codes)
    {
        var keys = new SaleKeys(_prefix, saleId);
        foreach (var chunk in codes.Chunk(BatchSize))
        {
            await DeleteAsync(keys, [.. chunk.Select(c => (RedisValue)c.Code)]);
        }
    }

    /// <summary>
    /// Removes every code issued for a sale, as its index lists them, a batch at a time: an issue of hundreds of
    /// thousands must not block Redis in one command.
    /// </summary>
    public async Task DeleteAllAsync(string saleId)
    {
        var keys = new SaleKeys(_prefix, saleId);
        await foreach (var chunk in Db.SetScanAsync(keys.FcodeIndex, pageSize: BatchSize).Chunk(BatchSize))
        {
            await DeleteAsync(keys, chunk);
        }
    }

    private async Task DeleteAsync(SaleKeys keys, RedisValue[] codes)
    {
        await Db.KeyDeleteAsync([.. codes.Select(code => keys.Fcode(code!))]);
        await Db.SetRemoveAsync(keys.FcodeIndex, codes);
        await UnindexValuesAsync(codes);
    }

    /// <summary>
    /// Takes codes out of the index of every code's sale, where no expiry would: a lookup then finds none. The start-up
    /// rehearsal calls it after taking its sale out of the registry, the order <see cref="IndexEarlierCodesAsync"/> relies on.
    /// </summary>
    public Task UnindexAsync(IEnumerable<string> codes) => UnindexValuesAsync([.. codes.Select(code => (RedisValue)code)]);

    private Task<long> UnindexValuesAsync(RedisValue[] codes) => Db.HashDeleteAsync(SaleKeys.FcodeSales(_prefix), codes);

    /// <summary>
    /// Once per Redis dataset, puts into the index of every code's sale the codes of sales that settle after
    /// <paramref name="settlingAfter"/>, as their own sets list them: codes issued by a build before the index existed
    /// would otherwise be found through PostgreSQL, a query a transfer, in the seconds before their launch opens.
    /// Settled sales are left out: retirement removes their codes, and must not race this to leave them indexed.
    /// </summary>
    /// <returns>How many codes were indexed; 0 when the backfill had been done.</returns>
    public async Task<long> IndexEarlierCodesAsync(DateTimeOffset settlingAfter)
    {
        var done = SaleKeys.FcodeSalesBackfilled(_prefix);
        if (await Db.KeyExistsAsync(done))
        {
            return 0;
        }
        long indexed = 0;
        foreach (var saleId in await Db.SortedSetRangeByScoreAsync(SaleKeys.Registry(_prefix), settlingAfter.ToUnixTimeMilliseconds(), double.PositiveInfinity))
        {
            await foreach (var chunk in Db.SetScanAsync(new SaleKeys(_prefix, saleId!).FcodeIndex, pageSize: BatchSize).Chunk(BatchSize))
            {
                await Db.HashSetAsync(SaleKeys.FcodeSales(_prefix), [.. chunk.Select(code => new HashEntry(code, saleId))]);
                indexed += chunk.Length;
                // A sale forgotten meanwhile (the start-up rehearsal's) left the registry before its codes left the
                // index: if it has left, its codes may have gone before these writes, so they go again.
                if (await Db.SortedSetScoreAsync(SaleKeys.Registry(_prefix), saleId) is null)
                {
                    await UnindexValuesAsync(chunk);
                }
            }
        }
        await Db.StringSetAsync(done, indexed);
        return indexed;
    }

    /// <summary>The sale a code was issued for, while Redis holds the code; null for any other string.</summary>
    public async Task<string?> FindSaleAsync(string code) => await Db.HashGetAsync(SaleKeys.FcodeSales(_prefix), code);

    public async Task<FcodeLiveState?> GetAsync(string saleId, string code)
    {
        var f = await Db.HashGetAsync(new SaleKeys(_prefix, saleId).Fcode(code), ["owner", "state", "expires_ms", "order_id", "version"]);
        if (f[1].IsNull)
        {
            return null;
        }
        var expiresMs = (long)f[2];
        DateTimeOffset? expiresAt = expiresMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(expiresMs) : null;
        var state = (string)f[1]! == "active" && expiresAt <= DateTimeOffset.UtcNow ? "expired" : (string)f[1]!;
        return new FcodeLiveState(code, saleId, f[0].IsNullOrEmpty ? null : (string)f[0]!, state, expiresAt,
            f[3].IsNull ? null : (string)f[3]!, (long)f[4]);
    }

    /// <returns>The outcome, and the owner before the change.</returns>
    public async Task<(FcodeChangeOutcome Outcome, string? PreviousOwner)> ChangeAsync(string saleId, FcodeChange change)
    {
        var keys = new SaleKeys(_prefix, saleId);
        var reply = (RedisResult[])(await LuaScripts.FcodeChange.EvaluateAsync(
            Db, [keys.Fcode(change.Code), keys.Outbox],
            [change.NewOwner is null ? "revoke" : "transfer", change.Code, change.RequiredOwner ?? "", change.NewOwner ?? "", change.Actor, saleId]))!;
        var outcome = (string?)reply[0] switch
        {
            "ok" => FcodeChangeOutcome.Changed,
            "fcode_invalid" => FcodeChangeOutcome.Invalid,
            "fcode_not_owner" => FcodeChangeOutcome.NotOwner,
            "fcode_used" => FcodeChangeOutcome.Used,
            "fcode_revoked" => FcodeChangeOutcome.Revoked,
            "fcode_expired" => FcodeChangeOutcome.Expired,
            var other => throw new InvalidOperationException($"fcode_change.lua answered '{other}'."),
        };
        return (outcome, reply.Length > 1 && !reply[1].IsNull ? (string?)reply[1] : null);
    }
}
