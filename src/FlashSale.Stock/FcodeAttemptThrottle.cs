using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Stock;

/// <summary>Bound from <c>FlashSale:Fcodes</c>.</summary>
public sealed class FcodeThrottleOptions
{
    public const string Section = "FlashSale:Fcodes";

    /// <summary>Failed F-code attempts (typos, unknown codes) a shopper may make per window.</summary>
    public int MaxFailedAttempts { get; set; } = 20;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Slows brute force: a shopper who has failed <see cref="FcodeThrottleOptions.MaxFailedAttempts"/> times in
/// the current window is refused before any lookup until the window ends. With 60-bit codes this caps a
/// guesser at a hopeless rate; the throttle mostly keeps their load off Redis.
/// </summary>
public sealed class FcodeAttemptThrottle(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, IOptions<FcodeThrottleOptions> options)
{
    private readonly FcodeThrottleOptions _options = options.Value;
    private readonly string _prefix = redisOptions.Value.KeyPrefix;

    public TimeSpan Window => _options.Window;

    public async Task<bool> IsBlockedAsync(string shopperId)
    {
        var failures = await redis.GetDatabase().StringGetAsync(Key(shopperId));
        return failures.HasValue && (long)failures >= _options.MaxFailedAttempts;
    }

    public async Task RecordFailureAsync(string shopperId) =>
        await LuaScripts.CountFailure.EvaluateAsync(redis.GetDatabase(), [Key(shopperId)], [(long)_options.Window.TotalMilliseconds]);

    private RedisKey Key(string shopperId) => $"{_prefix}:fcode-failures:{{{shopperId}}}";
}
