using FlashSale.Abstractions.Messages;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Stock;

/// <summary>
/// Reads the per-sale outbox streams (confirmed orders, lapsed holds and F-code events) through one consumer group, so several relays share the work and an
/// entry a crashed relay had taken is claimed again once it has lain unacknowledged long enough.
/// </summary>
public sealed class SaleOutbox(IConnectionMultiplexer redis, IOptions<RedisOptions> options)
{
    public const string Group = "relay";

    /// <summary>How long an entry may stay unacknowledged before another relay takes it over, unless told otherwise.</summary>
    public static readonly TimeSpan DefaultClaimAfter = TimeSpan.FromSeconds(30);

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

    /// <summary>One round trip: the entries of <paramref name="source"/>, oldest first, up to <paramref name="count"/>.</summary>
    /// <param name="claimAfter">For <see cref="OutboxSource.Abandoned"/>: how long another consumer's entry must have lain
    /// unacknowledged; <see cref="DefaultClaimAfter"/> when not given.</param>
    public async Task<IReadOnlyList<OutboxEntry>> ReadAsync(string saleId, string consumer, int count, OutboxSource source, TimeSpan? claimAfter = null)
    {
        var key = Keys(saleId).Outbox;
        var entries = source switch
        {
            OutboxSource.OwnPending => await Db.StreamReadGroupAsync(key, Group, consumer, StreamPosition.Beginning, count),
            OutboxSource.Abandoned => (await Db.StreamAutoClaimAsync(key, Group, consumer, (long)(claimAfter ?? DefaultClaimAfter).TotalMilliseconds, "0-0", count)).ClaimedEntries,
            _ => await Db.StreamReadGroupAsync(key, Group, consumer, StreamPosition.NewMessages, count),
        };
        return [.. entries.Where(e => !e.IsNull).Select(Parse)];
    }

    /// <summary>One round trip: Redis's clock, the times of the oldest and the newest entry in the sale's outbox, and its length.</summary>
    public async Task<OutboxTimes> TimesAsync(string saleId)
    {
        var reply = (long[])(await LuaScripts.OutboxTimes.EvaluateAsync(Db, [Keys(saleId).Outbox]))!;
        return new OutboxTimes(reply[0], reply[1], reply[2], reply[3]);
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
        // A batch of orders says so in its first field, checked on the raw bytes: decoding every field name first
        // (as Fields does) would decode each order id twice, and these entries carry most of a launch's orders.
        if (entry.Values is [var first, ..] && first.Name == "kind" && (first.Value == "orders" || first.Value == "fcode_orders"))
        {
            return ParseOrders(entry, redemptions: first.Value == "fcode_orders");
        }
        var fields = Fields.Of(entry);
        var saleId = fields.Text("sale_id")!;
        var kind = fields.Text("kind");
        if (kind == "lapse")
        {
            return new OutboxEntry(entry.Id)
            {
                Lapse = new HoldLapsed(fields.Text("order_id")!, saleId, fields.Text("shopper_id")!, DateTimeOffset.FromUnixTimeMilliseconds(fields.Long("at_ms"))),
            };
        }
        if (kind == "fcode")
        {
            return new OutboxEntry(entry.Id)
            {
                FcodeEvent = new FcodeEventRecorded(
                    EventId: $"{saleId}:{entry.Id}",
                    Code: fields.Text("code")!,
                    SaleId: saleId,
                    Kind: fields.Text("event") == "transfer" ? "transferred" : "revoked",
                    Actor: fields.Text("actor")!,
                    FromOwner: fields.Text("from_owner"),
                    ToOwner: fields.Text("to_owner"),
                    Version: fields.Long("version"),
                    At: DateTimeOffset.FromUnixTimeMilliseconds(fields.Long("at_ms"))),
            };
        }
        // One order: a payment's (of an order that redeemed a code, if fcode is set).
        var fcode = fields.Text("fcode");
        return new OutboxEntry(entry.Id)
        {
            Sku = fields.Text("sku"),
            Traces = fields.Text("trace"),
            Orders = [new ConfirmedOrder(
                OrderId: fields.Text("order_id")!,
                ShopperId: fields.Text("shopper_id")!,
                ConfirmedAtMs: fields.Long("confirmed_ms"),
                Fcode: fcode,
                FcodeVersion: fcode is null ? null : fields.Long("fcode_version"))],
        };
    }

    /// <summary>
    /// A script's batch of orders (lib.lua's <c>emit_orders</c>): kind, sale_id, sku, the batch's kept traces if it
    /// has any, confirmed_ms, then per order the pair order id → shopper id, followed for redemptions (kind
    /// <c>fcode_orders</c>) by the pair code → the code's version after it.
    /// </summary>
    private static OutboxEntry ParseOrders(StreamEntry entry, bool redemptions)
    {
        var values = entry.Values;
        var traces = values[3].Name == "trace" ? (string?)values[3].Value : null;
        var confirmedAt = traces is null ? 3 : 4;
        var firstPair = confirmedAt + 1;
        var pairsPerOrder = redemptions ? 2 : 1;
        var confirmedAtMs = (long)values[confirmedAt].Value;
        var orders = new ConfirmedOrder[(values.Length - firstPair) / pairsPerOrder];
        for (var i = 0; i < orders.Length; i++)
        {
            var at = firstPair + pairsPerOrder * i;
            var (orderId, shopperId) = ((string)values[at].Name!, (string)values[at].Value!);
            orders[i] = redemptions
                ? new ConfirmedOrder(orderId, shopperId, confirmedAtMs, (string)values[at + 1].Name!, (long)values[at + 1].Value)
                : new ConfirmedOrder(orderId, shopperId, confirmedAtMs);
        }
        return new OutboxEntry(entry.Id) { Sku = (string?)values[2].Value, Traces = traces, Orders = orders };
    }

    /// <summary>
    /// An entry's fields, their names decoded once. The entry's own indexer compares the wanted name with each
    /// field's raw bytes, decoding them again for every lookup: a visible share of the relay's CPU at launch rates.
    /// </summary>
    private readonly struct Fields
    {
        private readonly NameValueEntry[] _fields;
        private readonly string[] _names;

        private Fields(NameValueEntry[] fields)
        {
            _fields = fields;
            _names = [.. fields.Select(f => (string)f.Name!)];
        }

        public static Fields Of(StreamEntry entry) => new(entry.Values);

        /// <summary>The text of a field, or null when it is absent or empty (the scripts write '' for "none").</summary>
        public string? Text(string name) => Find(name) is { IsNullOrEmpty: false } v ? (string)v! : null;

        public long Long(string name) => Find(name) is { IsNullOrEmpty: false } v ? (long)v : 0;

        private RedisValue Find(string name)
        {
            var i = Array.IndexOf(_names, name);
            return i >= 0 ? _fields[i].Value : RedisValue.Null;
        }
    }
}
