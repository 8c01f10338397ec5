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

    /// <summary>Field: shopper; value: units bought.</summary>
    public RedisKey UnitsPerShopper => $"{Tagged}:shoppers";

    /// <summary>Shoppers registered for a sale that requires registration.</summary>
    public RedisKey Registered => $"{Tagged}:registered";

    /// <summary>Field: order id; value: <c>shopper|confirmed unix ms</c>, then <c>|fcode</c> when an F-code bought it.</summary>
    public RedisKey Orders => $"{Tagged}:orders";

    /// <summary>The outbox: one entry per confirmed order, deleted once the broker has it.</summary>
    public RedisKey Outbox => $"{Tagged}:outbox";

    /// <summary>One F-code's live state: owner, state, expires_ms, order_id, version.</summary>
    public RedisKey Fcode(string code) => $"{Tagged}:fcode:{code}";

    /// <summary>Every sale id, scored by its end (unix ms): the outbox relay reads it to find streams.</summary>
    public static RedisKey Registry(string prefix) => $"{prefix}:sales";
}
