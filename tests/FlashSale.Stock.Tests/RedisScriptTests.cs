using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace FlashSale.Stock.Tests;

/// <summary>Scripts go by SHA1 and fall back to their text when the server does not have them.</summary>
public sealed class RedisScriptTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task A_script_the_server_has_never_seen_runs_once_per_call_and_is_cached_by_the_first()
    {
        // A text no one has sent before, so the first EVALSHA is answered NOSCRIPT.
        var text = $"-- {Guid.NewGuid():N}\nreturn redis.call('INCR', KEYS[1])";
        var script = new RedisScript(text);
        RedisKey counter = $"redis-script-test:{Guid.NewGuid():N}";
#pragma warning disable CA5350 // the name Redis gives the script
        var sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5350
        try
        {
            Assert.False(await CachedAsync(sha1));

            var first = (long)await script.EvaluateAsync(redis.Db, [counter]);
            var second = (long)await script.EvaluateAsync(redis.Db, [counter]);

            Assert.Equal((1, 2), (first, second));
            Assert.True(await CachedAsync(sha1));
        }
        finally
        {
            await redis.Db.KeyDeleteAsync(counter);
        }
    }

    private async Task<bool> CachedAsync(string sha1) =>
        (long)((RedisResult[])(await redis.Db.ExecuteAsync("SCRIPT", "EXISTS", sha1))!)[0] == 1;
}
