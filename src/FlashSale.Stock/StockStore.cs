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
public sealed class StockStore(IConnectionMultiplexer redis, IOptions<RedisOptions> options)
{
    private readonly string _prefix = options.Value.KeyPrefix;

    private IDatabase Db => redis.GetDatabase();

    public SaleKeys KeysFor(string saleId) => new(_prefix, saleId);

    public async Task<bool> CreateSaleAsync(SaleDefinition sale)
    {
        var keys = KeysFor(sale.SaleId);
        var created = await Db.ScriptEvaluateAsync(
            LuaScripts.CreateSale,
            [keys.Sale, SaleKeys.Registry(_prefix), keys.Outbox],
            [
                sale.SaleId, sale.Sku, sale.Name, sale.Stock, sale.FcodeStock, sale.PerShopperLimit,
                sale.StartsAt.ToUnixTimeMilliseconds(), sale.EndsAt.ToUnixTimeMilliseconds(), sale.PaymentWindowSeconds,
                sale.RequiresRegistration ? 1 : 0,
            ]);
        return (int)created == 1;
    }

    public async Task<PurchaseResult> PurchaseAsync(string saleId, PurchaseRequest request)
    {
        var keys = KeysFor(saleId);
        var reply = (RedisResult[])(await Db.ScriptEvaluateAsync(
            LuaScripts.Purchase,
            [keys.Sale, keys.Idempotency, keys.UnitsPerShopper, keys.Orders, keys.Outbox, keys.Registered],
            [request.ShopperId, IdempotencyField.For(request.ShopperId, request.IdempotencyKey)]))!;

        return ToResult(reply);
    }

    /// <summary>Redeems <paramref name="redemption"/>'s code in this sale: see <c>fcode_purchase.lua</c>.</summary>
    public async Task<PurchaseResult> RedeemFcodeAsync(string saleId, FcodeRedemption redemption)
    {
        var keys = KeysFor(saleId);
        var reply = (RedisResult[])(await Db.ScriptEvaluateAsync(
            LuaScripts.FcodePurchase,
            [keys.Sale, keys.Idempotency, keys.Orders, keys.Outbox, keys.Fcode(redemption.Code)],
            [redemption.ShopperId, IdempotencyField.For(redemption.ShopperId, redemption.IdempotencyKey), redemption.Code]))!;
        return ToResult(reply);
    }

    public async Task<RegistrationOutcome> RegisterAsync(string saleId, string shopperId)
    {
        var keys = KeysFor(saleId);
        return (string?)await Db.ScriptEvaluateAsync(LuaScripts.Register, [keys.Sale, keys.Registered], [shopperId]) switch
        {
            "registered" => RegistrationOutcome.Registered,
            "already_registered" => RegistrationOutcome.AlreadyRegistered,
            "not_required" => RegistrationOutcome.NotRequired,
            "registration_closed" => RegistrationOutcome.Closed,
            "unknown_sale" => RegistrationOutcome.UnknownSale,
            var other => throw new InvalidOperationException($"register.lua answered '{other}'."),
        };
    }

    /// <returns>Units moved into the general pool, or null for an unknown sale.</returns>
    public async Task<int?> ReleaseFcodeStockAsync(string saleId)
    {
        var moved = (int)await Db.ScriptEvaluateAsync(LuaScripts.ReleaseFcodeStock, [KeysFor(saleId).Sale]);
        return moved < 0 ? null : moved;
    }

    public async Task<SaleSnapshot?> GetSnapshotAsync(string saleId)
    {
        var keys = KeysFor(saleId);
        var reply = await Db.ScriptEvaluateAsync(LuaScripts.Snapshot, [keys.Sale, keys.Registered]);
        if (reply.IsNull)
        {
            return null;
        }

        var f = (RedisValue[])reply!;
        var definition = new SaleDefinition(
            SaleId: f[0]!,
            Sku: f[1]!,
            Name: f[2]!,
            Stock: (int)f[3],
            FcodeStock: (int)f[4],
            PerShopperLimit: (int)f[5],
            StartsAt: DateTimeOffset.FromUnixTimeMilliseconds((long)f[6]),
            EndsAt: DateTimeOffset.FromUnixTimeMilliseconds((long)f[7]),
            PaymentWindowSeconds: (int)f[8],
            RequiresRegistration: f[11] == "1");
        var remaining = (int)f[9];
        var now = DateTimeOffset.FromUnixTimeMilliseconds((long)f[12]);
        return new SaleSnapshot(definition, remaining, (int)f[10], (long)f[13], StateAt(definition, remaining, now));
    }

    /// <summary>
    /// Every order an idempotency key has produced, for answering replays once the sale is sold out
    /// without calling Redis per request. Read in pages, so it does not block Redis for long.
    /// </summary>
    public async Task<Dictionary<string, string>> LoadOrdersByIdempotencyFieldAsync(string saleId)
    {
        var orders = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var entry in Db.HashScanAsync(KeysFor(saleId).Idempotency, pageSize: 2_000))
        {
            orders[entry.Name!] = entry.Value!;
        }
        return orders;
    }

    public async Task<StockOrder?> GetOrderAsync(string saleId, string orderId)
    {
        var value = await Db.HashGetAsync(KeysFor(saleId).Orders, orderId);
        if (value.IsNull)
        {
            return null;
        }
        var parts = ((string)value!).Split('|');
        return new StockOrder(orderId, saleId, parts[0], DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[1])), parts.ElementAtOrDefault(2));
    }

    private static PurchaseResult ToResult(RedisResult[] reply)
    {
        var outcome = (string?)reply[0] switch
        {
            "purchased" => PurchaseOutcome.Purchased,
            "replayed" => PurchaseOutcome.Replayed,
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
        return new PurchaseResult(outcome, reply.Length > 1 ? (string?)reply[1] : null);
    }

    private static SaleState StateAt(SaleDefinition sale, int remaining, DateTimeOffset now) =>
        now < sale.StartsAt ? SaleState.Scheduled
        : now >= sale.EndsAt ? SaleState.Closed
        : remaining <= 0 ? SaleState.SoldOut
        : SaleState.Open;
}
