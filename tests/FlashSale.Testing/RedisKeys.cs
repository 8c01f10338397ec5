using StackExchange.Redis;

namespace FlashSale.Testing;

/// <summary>Each fixture writes under its own key prefix and deletes it afterwards.</summary>
public static class RedisKeys
{
    public static string NewPrefix() => $"test-{Guid.NewGuid():N}";

    public static async Task DeleteAsync(IConnectionMultiplexer redis, string prefix)
    {
        foreach (var server in redis.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: $"{prefix}:*", pageSize: 1000))
            {
                await redis.GetDatabase().KeyDeleteAsync(key);
            }
        }
    }
}
