namespace FlashSale.Testing;

/// <summary>Polls for what the engine does in the background (relays, sweeps, lapses, retirement, clustering).</summary>
public static class Waiting
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);

    /// <summary>Fails, saying what was awaited, unless <paramref name="condition"/> comes true in time.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"{what} did not happen within {limit.TotalSeconds:0} s");
            }
            await Task.Delay(Every);
        }
    }

    /// <summary>
    /// Reads until a value is <paramref name="done"/> or the time is up, and returns the last value read either way:
    /// the caller's assertions on it then say what it was.
    /// </summary>
    public static async Task<T> ReadUntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(Every);
            value = await read();
        }
        return value;
    }
}
