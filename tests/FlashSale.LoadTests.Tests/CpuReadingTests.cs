using FlashSale.LoadTests.Machine;
using FlashSale.LoadTests.Reporting;
using FlashSale.LoadTests.Runner;
using FlashSale.LoadTests.Scenarios;

namespace FlashSale.LoadTests.Tests;

public sealed class CpuReadingTests
{
    /// <summary>A reading of four processes: the generator, the engine, Redis and one other making up the machine's total.</summary>
    private static CpuReading Reading(double machine, double engine, double generator, double redis = 0) => new(new Dictionary<int, ProcessCpu>
    {
        [1] = new(CpuAccounting.Generator, generator), [2] = new(CpuAccounting.Engine, engine), [3] = new("Redis", redis),
        [4] = new(null, machine - engine - generator - redis),
    });

    [Fact]
    public void Cores_busy_are_the_cpu_seconds_between_two_readings_over_the_time_between_them()
    {
        var seconds = CpuSecond.Between([
            (0.0, Reading(100, 10, 5, redis: 1), 0),
            (1.0, Reading(101.9, 11.1, 5.6, redis: 1.1), 100),
            (2.5, Reading(104.5, 12.6, 6.5, redis: 1.1), 250),
        ]);

        Assert.Equal([0, 1], seconds.Select(s => s.Second));
        Assert.Equal(1.9, seconds[0].Machine, 6);
        Assert.Equal(1.1, seconds[0].Parts[CpuAccounting.Engine], 6);
        Assert.Equal(0.6, seconds[0].Parts[CpuAccounting.Generator], 6);
        Assert.Equal(0.1, seconds[0].Parts["Redis"], 6);
        Assert.Equal(0.1, seconds[0].Rest, 6);
        Assert.Equal(2.6 / 1.5, seconds[1].Machine, 6);
        Assert.Equal(0.2 / 1.5, seconds[1].Rest, 6);
        Assert.Equal([100.0, 100.0], seconds.Select(s => s.UnitsPerSecond));
        Assert.Equal(11_000, seconds[0].MicrosecondsPerUnit(CpuAccounting.Engine)!.Value, 6);
    }

    [Fact]
    public void A_process_that_ends_between_readings_takes_its_last_moments_with_it_and_one_that_starts_counts_whole()
    {
        var earlier = new CpuReading(new Dictionary<int, ProcessCpu>
        {
            [10] = new("PostgreSQL", 5.0), [11] = new("PostgreSQL", 1.0), [20] = new(null, 2.0),
        });
        var later = new CpuReading(new Dictionary<int, ProcessCpu>
        {
            [11] = new("PostgreSQL", 1.3), [12] = new("PostgreSQL", 0.1), [20] = new(null, 2.5),
        });

        var used = later.Since(earlier);

        Assert.Equal(0.4, used.Parts["PostgreSQL"], 6); // not 0.4 - 5.0: backend 10 exited
        Assert.Equal(0.9, used.Machine, 6);
        Assert.Equal(0, used.Parts[CpuAccounting.Engine]);
    }

    [Fact]
    public void This_machine_has_used_at_least_the_cpu_this_process_has()
    {
        using var engine = System.Diagnostics.Process.Start("sleep", "30");
        try
        {
            var reading = CpuReading.Take(engine.Id);

            Assert.NotNull(reading);
            var processes = reading.Value.Processes;
            Assert.True(processes[Environment.ProcessId] is { Part: CpuAccounting.Generator, Seconds: > 0 });
            Assert.True(processes[engine.Id] is { Part: CpuAccounting.Engine, Seconds: < 0.5 }); // sleep(1) uses next to nothing
            Assert.True(processes.Count > 2, "every process on the machine is read");
        }
        finally
        {
            engine.Kill();
        }
    }

    [Fact]
    public void Without_an_engine_on_this_machine_there_is_no_reading() =>
        Assert.Null(CpuReading.Take(null));

    [Fact]
    public void The_reports_show_the_cores_busy_while_units_were_left_and_what_each_unit_cost()
    {
        var stats = new StepStats("buy", "buy");
        stats.Record(TimeSpan.FromMilliseconds(12), "201", TimeSpan.FromSeconds(0.2));
        var result = new LaunchResult("redmi-launch", "sale-1", [stats.Report(TimeSpan.FromSeconds(3))], [new Invariant("units sold ≤ stock", true, "1 of 1")],
            TimeSpan.FromSeconds(0.1), TimeSpan.FromSeconds(1.2), [],
            [
                new EngineSample(0.0, 2_000, 0, 100, 0, Reading(100, 10, 5)),
                new EngineSample(1.0, 1_000, 1_000, 0, 0, Reading(101.5, 10.4, 5.8, redis: 0.25)), // 1,000 units and the 100 F-code units
                new EngineSample(2.0, 0, 2_000, 0, 0, Reading(103.5, 11.5, 6.5, redis: 0.25)),
                new EngineSample(3.0, 0, 2_000, 0, 0, Reading(105.5, 12.5, 7.5, redis: 0.25)),
            ]);

        var md = MarkdownReport.Render("redmi-launch", result);
        var html = HtmlReport.Render("redmi-launch", result);

        Assert.Contains("| second | machine (of ", md);
        Assert.Contains("| load generator | engine host | Redis | PostgreSQL | RabbitMQ | other processes | units sold | µs a unit: machine | µs a unit: engine host |", md);
        Assert.Contains("| 0 | 1.50 | 0.80 | 0.40 | 0.25 | 0.00 | 0.00 | 0.05 | 1,100 | 1364 | 364 |", md);
        Assert.Contains("| 1 | 2.00 | 0.70 | 1.10 | 0.00 | 0.00 | 0.00 | 0.20 | 1,000 | 2000 | 1100 |", md);
        Assert.DoesNotContain("| 2 | 2.00 |", md); // sold out by then
        Assert.Null(result.CpuPerSecond[2].MicrosecondsPerUnit()); // nothing sold: no cost a unit
        Assert.Contains("Cores busy each second", html);
        Assert.Contains("CPU each unit sold cost", html);
        Assert.Equal(6, html.Split("<svg").Length - 1);
    }
}
