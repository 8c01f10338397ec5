using System.Diagnostics;
using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Sales;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Stock;

/// <summary>
/// Every change to a sale's stock, as one Lua script each. Calls that change state are sent once and
/// never retried here: if a reply is lost the caller cannot know whether the script ran, so the client
/// retries with the same idempotency key and the script answers with the first result.
/// </summary>
public sealed class StockStore(IConnectionMultiplexer redis, IOptions<RedisOptions> options, StockMetrics metrics)
{
    private readonly string _prefix = options.Value.KeyPrefix;

    private IDatabase Db => redis.GetDatabase();

    public SaleKeys KeysFor(string saleId) => new(_prefix, saleId);

    public async Task<bool> CreateSaleAsync(SaleDefinition sale)
    {
        var keys = KeysFor(sale.SaleId);
        RedisValue[] args =
        [
            sale.SaleId, sale.Sku, sale.Name, sale.FcodeStock, sale.PerShopperLimit, sale.PaymentWindowSeconds,
            sale.RequiresRegistration ? 1 : 0, sale.AdmissionWindowMs, sale.AdmissionSeed, sale.SettlesBy.ToUnixTimeMilliseconds(),
            .. sale.AllSessions.SelectMany(s => new RedisValue[] { s.StartsAt.ToUnixTimeMilliseconds(), s.EndsAt.ToUnixTimeMilliseconds(), s.Stock }),
        ];
        var created = await LuaScripts.CreateSale.EvaluateAsync(Db, [keys.Sale, SaleKeys.Registry(_prefix), keys.Outbox], args);
        return (int)created == 1;
    }

    /// <summary>
    /// Takes a sale out of the registry at once, so relays stop reading its outbox, and lets its keys (with the
    /// given F-codes') expire after <paramref name="linger"/>, so a relay pass or a clock tick already under way
    /// still finds them. For a sale nobody else knows of: the start-up rehearsal's.
    /// </summary>
    public async Task ForgetSaleAsync(string saleId, IEnumerable<string> fcodes, TimeSpan linger)
    {
        var keys = KeysFor(saleId);
        await Db.SortedSetRemoveAsync(SaleKeys.Registry(_prefix), saleId);
        RedisKey[] all = [keys.Sale, keys.Idempotency, keys.UnitsPerShopper, keys.Registered, keys.Orders, keys.HoldDeadlines, keys.Outbox, keys.FcodeIndex, .. fcodes.Select(keys.Fcode)];
        await Task.WhenAll(all.Select(key => Db.KeyExpireAsync(key, linger)));
    }

    /// <summary>Serves a batch of purchases in one script, in order: see <c>purchase.lua</c> and <see cref="ScriptBatcher{TRequest, TReply}"/>.</summary>
    /// <param name="traces">The traceparents of the batch's traced purchases, space-separated, for their orders' outbox entry.</param>
    public async Task<PurchaseReply[]> PurchaseAsync(string saleId, IReadOnlyList<PurchaseRequest> requests, string traces = "")
    {
        var keys = KeysFor(saleId);
        var args = new RedisValue[1 + requests.Count * 2];
        args[0] = traces;
        for (var i = 0; i < requests.Count; i++)
        {
            args[1 + 2 * i] = requests[i].ShopperId;
            args[2 + 2 * i] = IdempotencyField.For(requests[i].ShopperId, requests[i].IdempotencyKey);
        }
        var startedAt = Stopwatch.GetTimestamp();
        var replies = (RedisResult[])(await LuaScripts.Purchase.EvaluateAsync(
            Db, [keys.Sale, keys.Idempotency, keys.UnitsPerShopper, keys.Orders, keys.Outbox, keys.Registered, keys.HoldDeadlines], args))!;
        if (replies.Length == 0)
        {
            return [.. requests.Select(_ => new PurchaseReply(new PurchaseResult(PurchaseOutcome.UnknownSale), null))];
        }
        // The pool's counts after the whole batch lead the reply; they are the freshest any purchase in it can report.
        var counts = new StockCounts((int)replies[0], (int)replies[1]);
        var answers = new PurchaseReply[requests.Count];
        for (var i = 0; i < answers.Length; i++)
        {
            answers[i] = new PurchaseReply(ToResult(replies, 2 + 4 * i), counts);
        }
        metrics.Served(saleId, StockMetrics.GeneralKind, answers.Select(a => a.Result), startedAt);
        return answers;
    }

    /// <summary>Redeems a batch of F-codes in one script, in order: see <c>fcode_purchase.lua</c>.</summary>
    /// <param name="traces">The traceparents of the batch's traced redemptions, space-separated, for their orders' outbox entry.</param>
    public async Task<PurchaseResult[]> RedeemFcodesAsync(string saleId, IReadOnlyList<FcodeRedemption> redemptions, string traces = "")
    {
        var keys = KeysFor(saleId);
        var redisKeys = new RedisKey[4 + redemptions.Count];
        (redisKeys[0], redisKeys[1], redisKeys[2], redisKeys[3]) = (keys.Sale, keys.Idempotency, keys.Orders, keys.Outbox);
        var args = new RedisValue[1 + redemptions.Count * 3];
        args[0] = traces;
        for (var i = 0; i < redemptions.Count; i++)
        {
            var r = redemptions[i];
            redisKeys[4 + i] = keys.Fcode(r.Code);
            (args[1 + 3 * i], args[2 + 3 * i], args[3 + 3 * i]) = (r.ShopperId, IdempotencyField.For(r.ShopperId, r.IdempotencyKey), r.Code);
        }
        var startedAt = Stopwatch.GetTimestamp();
        var replies = (RedisResult[])(await LuaScripts.FcodePurchase.EvaluateAsync(Db, redisKeys, args))!;
        if (replies.Length == 0)
        {
            return [.. redemptions.Select(_ => new PurchaseResult(PurchaseOutcome.UnknownSale))];
        }
        PurchaseResult[] results = [.. redemptions.Select((_, i) => ToResult(replies, 4 * i))];
        metrics.Served(saleId, StockMetrics.FcodeKind, results, startedAt);
        return results;
    }

    /// <summary>Pays for a held order: see <c>pay.lua</c>. A payment whose trace is kept leaves it with the order's outbox entry.</summary>
    public async Task<PaymentReply> PayAsync(string saleId, string orderId, string shopperId)
    {
        var keys = KeysFor(saleId);
        var reply = (RedisResult[])(await LuaScripts.Pay.EvaluateAsync(
            Db, [keys.Sale, keys.Orders, keys.HoldDeadlines, keys.Outbox, keys.UnitsPerShopper],
            [orderId, shopperId, StockTracing.TraceParentOf(Activity.Current)]))!;
        var outcome = (string?)reply[0] switch
        {
            "paid" => PaymentOutcome.Paid,
            "hold_expired" => PaymentOutcome.HoldExpired,
            "already_paid" => PaymentOutcome.AlreadyPaid,
            "not_owner" => PaymentOutcome.NotOwner,
            "order_not_found" => PaymentOutcome.OrderNotFound,
            var other => throw new InvalidOperationException($"pay.lua answered '{other}'."),
        };
        return reply.Length > 1
            ? new PaymentReply(new PaymentResult(outcome, DateTimeOffset.FromUnixTimeMilliseconds((long)reply[1])), new StockCounts((int)reply[2], (int)reply[3]))
            : new PaymentReply(new PaymentResult(outcome), null);
    }

    /// <summary>Lapses up to <paramref name="max"/> holds whose payment window has passed.</summary>
    /// <returns>null for an unknown sale.</returns>
    public async Task<LapseReply?> LapseDueHoldsAsync(string saleId, int max)
    {
        var keys = KeysFor(saleId);
        var reply = (RedisResult[])(await LuaScripts.Lapse.EvaluateAsync(
            Db, [keys.Sale, keys.Orders, keys.HoldDeadlines, keys.Outbox, keys.UnitsPerShopper], [max]))!;
        return reply.Length < 3 ? null : new LapseReply((int)reply[0], new StockCounts((int)reply[1], (int)reply[2]));
    }

    /// <summary>Moves the sale on from any session that has ended: see <c>advance_session.lua</c>.</summary>
    /// <returns>The current session (from 1), or null for an unknown sale.</returns>
    public async Task<int?> AdvanceSessionAsync(string saleId)
    {
        var reply = (RedisResult[])(await LuaScripts.AdvanceSession.EvaluateAsync(Db, [KeysFor(saleId).Sale]))!;
        return reply.Length == 0 ? null : (int)reply[0];
    }

    public async Task<RegistrationOutcome> RegisterAsync(string saleId, string shopperId)
    {
        var keys = KeysFor(saleId);
        return (string?)await LuaScripts.Register.EvaluateAsync(Db, [keys.Sale, keys.Registered], [shopperId]) switch
        {
            "registered" => RegistrationOutcome.Registered,
            "already_registered" => RegistrationOutcome.AlreadyRegistered,
            "not_required" => RegistrationOutcome.NotRequired,
            "registration_closed" => RegistrationOutcome.Closed,
            "unknown_sale" => RegistrationOutcome.UnknownSale,
            var other => throw new InvalidOperationException($"register.lua answered '{other}'."),
        };
    }

    /// <summary>Whether the shopper registered; the purchase script checks again, this only spares the waiting room strangers.</summary>
    public Task<bool> IsRegisteredAsync(string saleId, string shopperId) => Db.SetContainsAsync(KeysFor(saleId).Registered, shopperId);

    /// <returns>Units moved into the general pool, or null for an unknown sale.</returns>
    public async Task<int?> ReleaseFcodeStockAsync(string saleId)
    {
        var moved = (int)await LuaScripts.ReleaseFcodeStock.EvaluateAsync(Db, [KeysFor(saleId).Sale]);
        return moved < 0 ? null : moved;
    }

    public async Task<SaleSnapshot?> GetSnapshotAsync(string saleId)
    {
        var keys = KeysFor(saleId);
        var reply = await LuaScripts.Snapshot.EvaluateAsync(Db, [keys.Sale, keys.Registered]);
        return reply.IsNull ? null : SnapshotReader.Read((RedisValue[])reply!);
    }

    /// <summary>
    /// Every order an idempotency key has produced, for answering replays once the sale is sold out
    /// without calling Redis per request. Read in pages, so it does not block Redis for long.
    /// </summary>
    /// <returns>Null once the sale has retired: its orders are then in the archive, and any read during the
    /// retirement may have missed some.</returns>
    public async Task<Dictionary<string, string>?> LoadOrdersByIdempotencyFieldAsync(string saleId)
    {
        var orders = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var entry in Db.HashScanAsync(KeysFor(saleId).Idempotency, pageSize: 2_000))
        {
            orders[entry.Name!] = entry.Value!;
        }
        // Retirement deletes the hash in the same step that marks the sale, so a scan that ends before the mark
        // read the hash whole.
        return await IsRetiredAsync(saleId) ? null : orders;
    }

    public async Task<StockOrder?> GetOrderAsync(string saleId, string orderId)
    {
        var value = await Db.HashGetAsync(KeysFor(saleId).Orders, orderId);
        return value.IsNull ? null : StockOrder.Parse(orderId, saleId, value!);
    }

    /// <summary>Whether the sale has retired (<c>retire_sale.lua</c>): its orders are then in the archive, not here.</summary>
    public Task<bool> IsRetiredAsync(string saleId) => Db.HashExistsAsync(KeysFor(saleId).Sale, "retired_ms");

    /// <summary>Reads an {outcome, order id, state, pay_by_ms} answer that starts at <paramref name="at"/>.</summary>
    private static PurchaseResult ToResult(RedisResult[] reply, int at)
    {
        var outcome = (string?)reply[at] switch
        {
            "purchased" => PurchaseOutcome.Purchased,
            "replayed" => PurchaseOutcome.Replayed,
            "idempotency_key_reused" => PurchaseOutcome.IdempotencyKeyReused,
            "sold_out" => PurchaseOutcome.SoldOut,
            "limit_reached" => PurchaseOutcome.LimitReached,
            "not_open" => PurchaseOutcome.NotOpen,
            "closed" => PurchaseOutcome.Closed,
            "unknown_sale" => PurchaseOutcome.UnknownSale,
            "not_registered" => PurchaseOutcome.NotRegistered,
            "fcode_invalid" => PurchaseOutcome.FcodeInvalid,
            "fcode_not_owner" => PurchaseOutcome.FcodeNotOwner,
            "fcode_used" => PurchaseOutcome.FcodeUsed,
            "fcode_revoked" => PurchaseOutcome.FcodeRevoked,
            "fcode_expired" => PurchaseOutcome.FcodeExpired,
            "fcode_stock_exhausted" => PurchaseOutcome.FcodeStockExhausted,
            var other => throw new InvalidOperationException($"A purchase script answered '{other}'."),
        };
        if (outcome is not (PurchaseOutcome.Purchased or PurchaseOutcome.Replayed))
        {
            return new PurchaseResult(outcome);
        }
        var state = (string?)reply[at + 2] switch
        {
            "held" => OrderState.Held,
            "confirmed" => OrderState.Confirmed,
            _ => OrderState.Lapsed,
        };
        var payBy = (long)reply[at + 3];
        return new PurchaseResult(outcome, (string?)reply[at + 1], state, payBy > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(payBy) : null);
    }
}
