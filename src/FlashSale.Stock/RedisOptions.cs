namespace FlashSale.Stock;

/// <summary>Bound from <c>FlashSale:Redis</c>.</summary>
public sealed class RedisOptions
{
    public const string Section = "FlashSale:Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>.</summary>
    public string Configuration { get; set; } = "127.0.0.1:6379";

    /// <summary>Prefix of every key, so several deployments (or test runs) can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "fs";
}
