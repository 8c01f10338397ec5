namespace FlashSale.IntegrationTests;

/// <summary>Polls for what the engine does in the background (relays, sweeps, retirement), failing with what was awaited.</summary>
public static class Waiting
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen within {limit.TotalSeconds:0} s");
            await Task.Delay(100);
        }
    }
}
