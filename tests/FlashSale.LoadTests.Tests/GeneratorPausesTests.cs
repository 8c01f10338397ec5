using FlashSale.LoadTests.Machine;

namespace FlashSale.LoadTests.Tests;

public sealed class GeneratorPausesTests
{
    [Fact]
    public void Counts_the_collections_and_pauses_since_it_started()
    {
        var pauses = GeneratorPauses.Start();
        GC.Collect();
        GC.Collect();

        var seen = pauses.Stop();

        Assert.True(seen.Collections >= 2, $"{seen.Collections} collections");
        Assert.True(seen.Total > TimeSpan.Zero, $"paused {seen.Total}");
    }
}
