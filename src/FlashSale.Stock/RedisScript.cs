using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace FlashSale.Stock;

/// <summary>
/// A Lua script sent by its SHA1 (EVALSHA), computed once. Given the script's text on every call, the client
/// looks its SHA1 up by the text and hashes all of it each time: the buy path's scripts are a few kilobytes with
/// <c>lib.lua</c> in front, and that hashing showed up in the engine's profile under launch load.
/// </summary>
internal sealed class RedisScript(string text)
{
#pragma warning disable CA5350 // Redis names scripts by SHA1; it is an identifier here, not a security measure.
    private readonly byte[] _sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5350

    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync db, RedisKey[] keys, RedisValue[]? values = null)
    {
        try
        {
            return await db.ScriptEvaluateAsync(_sha1, keys, values);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            // The server does not know the script yet, or lost it (a restart, SCRIPT FLUSH). A NOSCRIPT reply means
            // nothing ran, so running the text now is safe even for scripts that change state; it caches it again.
            return await db.ScriptEvaluateAsync(text, keys, values);
        }
    }
}
