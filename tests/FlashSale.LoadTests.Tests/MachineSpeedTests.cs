using FlashSale.LoadTests.Machine;

namespace FlashSale.LoadTests.Tests;

public sealed class MachineSpeedTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(1_000)]
    [InlineData(1 << 20)]
    public void The_probe_reads_every_entry_of_its_table_before_it_comes_back_to_the_first(int entries)
    {
        var table = MachineSpeed.ChaseTable(entries);

        var seen = new bool[entries];
        var next = 0;
        for (var step = 0; step < entries; step++)
        {
            Assert.False(seen[next], $"entry {next} came round again after {step} reads");
            seen[next] = true;
            next = table[next];
        }
        Assert.Equal(0, next);
    }

    [Fact]
    public void The_table_is_the_same_on_every_run_so_runs_compare()
    {
        Assert.Equal(MachineSpeed.ChaseTable(4_096), MachineSpeed.ChaseTable(4_096));
    }
}
