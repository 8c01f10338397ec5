using FlashSale.Abstractions.Messages;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Stock;

/// <summary>
/// Reads the per-sale outbox streams (confirmed orders, lapsed holds and F-code events) through one consumer group, so several relays share the work and an
/// entry a crashed relay had taken is claimed again after <see cref="ClaimAfter"/>.
/// </summary>
public sealed class SaleOutbox(IConnectionMultiplexer redis, IOptions<RedisOptions> options)
{
    public const string Group = "relay";

    /// <summary>How long an entry may stay unacknowledged before another relay takes it over.</summary>
    public static readonly TimeSpan ClaimAfter = TimeSpan.FromSeconds(30);

    private readonly string _prefix = options.Value.KeyPrefix;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Sales that end after <paramref name="endedAfter"/>: the only ones that can still write orders.</summary>
    public async Task<IReadOnlyList<string>> ListSalesEndingAfterAsync(DateTimeOffset endedAfter)
    {
        var members = await Db.SortedSetRangeByScoreAsync(SaleKeys.Registry(_prefix), start: endedAfter.ToUnixTimeMilliseconds());
        return [.. members.Select(m => (string)m!)];
    }

    /// <summary>Every sale whose outbox still holds entries, however long ago it ended.</summary>
    public async Task<IReadOnlyList<string>> ListSalesWithEntriesAsync()
    {
        var all = await Db.SortedSetRangeByRankAsync(SaleKeys.Registry(_prefix));
        var lengths = await Task.WhenAll(all.Select(id => Db.StreamLengthAsync(Keys(id!).Outbox)));
        return [.. all.Where((_, i) => lengths[i] > 0).Select(id => (string)id!)];
    }

    /// <summary>
    /// Entries this consumer took but did not acknowledge (after a failed publish), then entries a dead
    /// consumer abandoned, then new ones.
    /// </summary>
    public async Task<IReadOnlyList<OutboxEntry>> ReadAsync(string saleId, string consumer, int count)
    {
        var key = Keys(saleId).Outbox;
        var entries = await Db.StreamReadGroupAsync(key, Group, consumer, StreamPosition.Beginning, count);
        if (entries.Length == 0)
        {
            entries = (await Db.StreamAutoClaimAsync(key, Group, consumer, (long)ClaimAfter.TotalMilliseconds, "0-0", count)).ClaimedEntries;
        }
        if (entries.Length == 0)
        {
            entries = await Db.StreamReadGroupAsync(key, Group, consumer, StreamPosition.NewMessages, count);
        }
        return [.. entries.Where(e => !e.IsNull).Select(Parse)];
    }

    /// <summary>Both commands are idempotent, so a relay may repeat this after a failure.</summary>
    public async Task AcknowledgeAsync(string saleId, IReadOnlyList<OutboxEntry> entries)
    {
        var key = Keys(saleId).Outbox;
        RedisValue[] ids = [.. entries.Select(e => e.StreamId)];
        await Db.StreamAcknowledgeAsync(key, Group, ids);
        await Db.StreamDeleteAsync(key, ids);
    }

    private SaleKeys Keys(string saleId) => new(_prefix, saleId);

    private static OutboxEntry Parse(StreamEntry entry)
    {
        string? Text(string field) => entry[field] is { IsNullOrEmpty: false } v ? (string)v! : null;
        var saleId = Text("sale_id")!;
        var kind = Text("kind");
        if (kind == "lapse")
        {
            return new OutboxEntry(entry.Id, Lapse: new HoldLapsed(
                Text("order_id")!, saleId, Text("shopper_id")!, DateTimeOffset.FromUnixTimeMilliseconds((long)entry["at_ms"])));
        }
        if (kind == "fcode")
        {
            return new OutboxEntry(entry.Id, FcodeEvent: new FcodeEventRecorded(
                EventId: $"{saleId}:{entry.Id}",
                Code: Text("code")!,
                SaleId: saleId,
                Kind: Text("event") == "transfer" ? "transferred" : "revoked",
                Actor: Text("actor")!,
                FromOwner: Text("from_owner"),
                ToOwner: Text("to_owner"),
                Version: (long)entry["version"],
                At: DateTimeOffset.FromUnixTimeMilliseconds((long)entry["at_ms"])));
        }
        return new OutboxEntry(entry.Id, Order: new OrderConfirmed(
            OrderId: Text("order_id")!,
            SaleId: saleId,
            Sku: Text("sku")!,
            ShopperId: Text("shopper_id")!,
            ConfirmedAt: DateTimeOffset.FromUnixTimeMilliseconds((long)entry["confirmed_ms"]),
            Fcode: Text("fcode"),
            FcodeVersion: entry["fcode_version"].IsNull ? 0 : (long)entry["fcode_version"]));
    }
}
