using StackExchange.Redis;

namespace FlashSale.Stock;

/// <summary>
/// The Redis keys of one sale. The sale id sits in a hash tag (<c>{…}</c>) so that every key a script
/// touches lands in the same Redis Cluster slot.
/// </summary>
public readonly record struct SaleKeys(string Prefix, string SaleId)
{
    private string Tagged => $"{Prefix}:{{{SaleId}}}";

    public RedisKey Sale => $"{Tagged}:sale";

    /// <summary>Field: shopper + idempotency key; value: the order the first request created.</summary>
    public RedisKey Idempotency => $"{Tagged}:idem";

    /// <summary>Field: shopper; value: units held or confirmed (a lapsed hold gives its unit back).</summary>
    public RedisKey UnitsPerShopper => $"{Tagged}:shoppers";

    /// <summary>Shoppers registered for a sale that requires registration.</summary>
    public RedisKey Registered => $"{Tagged}:registered";

    /// <summary>Field: order id; value: <c>state|created_ms|pay_by_ms|settled_ms|fcode|shopper</c> (see <see cref="StockOrder"/>).</summary>
    public RedisKey Orders => $"{Tagged}:orders";

    /// <summary>Held orders scored by the unix ms they must be paid by: the lapse sweep reads it from the low end.</summary>
    public RedisKey HoldDeadlines => $"{Tagged}:holds";

    /// <summary>The outbox: one entry per confirmed order, lapsed hold or F-code event, deleted once the broker has it.</summary>
    public RedisKey Outbox => $"{Tagged}:outbox";

    /// <summary>One F-code's live state: owner, state, expires_ms, order_id, version.</summary>
    public RedisKey Fcode(string code) => $"{Tagged}:fcode:{code}";

    /// <summary>Every code issued for the sale, so that retiring it finds their hashes (<see cref="FcodeStore.DeleteAllAsync"/>).</summary>
    public RedisKey FcodeIndex => $"{Tagged}:fcodes";

    /// <summary>
    /// Field: F-code; value: the sale it was issued for. Outside any sale's hash tag: a shopper who transfers or looks
    /// up a code names only the code, and the sale is needed to find its hash.
    /// </summary>
    public static RedisKey FcodeSales(string prefix) => $"{prefix}:fcode-sales";

    /// <summary>Set once the codes issued before <see cref="FcodeSales"/> existed have been put in it (<see cref="FcodeStore.IndexEarlierCodesAsync"/>).</summary>
    public static RedisKey FcodeSalesBackfilled(string prefix) => $"{prefix}:fcode-sales:backfilled";

    /// <summary>Every sale id, scored by when it settles (its end plus the payment window, unix ms): the outbox relay reads it to find streams.</summary>
    public static RedisKey Registry(string prefix) => $"{prefix}:sales";
}
