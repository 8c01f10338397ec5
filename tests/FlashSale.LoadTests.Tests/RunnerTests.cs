using FlashSale.LoadTests.Runner;

namespace FlashSale.LoadTests.Tests;

public sealed class RunnerTests
{
    [Fact]
    public async Task Open_model_copies_start_without_waiting_for_slow_steps_and_latency_counts_from_the_schedule()
    {
        var running = 0;
        var most = 0;
        var intended = new List<TimeSpan>();
        var simulations = new[] { new Inject(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) };
        var scenario = new Scenario("slow", [new ScenarioStep("wait", async c =>
        {
            lock (intended)
            {
                intended.Add(c.Intended);
                most = Math.Max(most, ++running);
            }
            await Task.Delay(300);
            lock (intended)
            {
                running--;
            }
            return StepResult.Success("ok");
        })], simulations);

        var report = (await ScenarioRunner.RunAsync([scenario], CancellationToken.None)).Single();

        Assert.Equal(10, report.Count);
        Assert.Equal(10, report.Outcomes["ok"]);
        Assert.Equal(ArrivalSchedule.For(simulations), intended.Order());
        // Ten arrivals 100 ms apart, each step 300 ms: copies overlap (about three at a time on time, more if the
        // box delays some), where a closed loop would run one at a time. Not a timing bound, so a busy box passes.
        Assert.True(most >= 2, $"at most {most} copy in progress at once");
        Assert.True(report.P50 >= TimeSpan.FromMilliseconds(290), $"p50 {report.P50}");
    }

    [Fact]
    public async Task Arrivals_beyond_the_generators_capacity_wait_in_schedule_order_and_their_wait_counts_as_latency()
    {
        var running = 0;
        var most = 0;
        var admitted = new SortedDictionary<long, TimeSpan>();
        var simulations = new[] { new Inject(6, TimeSpan.FromMilliseconds(60), TimeSpan.FromMilliseconds(60)) };
        var scenario = new Scenario("capped", [new ScenarioStep("wait", async c =>
        {
            lock (admitted)
            {
                admitted.Add(c.Copy, c.Intended);
                most = Math.Max(most, ++running);
            }
            await Task.Delay(200);
            lock (admitted)
            {
                running--;
            }
            return StepResult.Success("ok");
        })], simulations);

        var report = (await ScenarioRunner.RunAsync([scenario], CancellationToken.None, maxCopiesInProgress: 2)).Single();

        Assert.Equal(6, report.Count);
        Assert.Equal(2, most);
        // Copies are numbered as they are admitted. When the thread pool then runs each one is its business,
        // so the test checks admission: copy n is the n-th arrival of the schedule.
        Assert.Equal([0, 1, 2, 3, 4, 5], admitted.Keys);
        Assert.Equal(ArrivalSchedule.For(simulations), admitted.Values);
        // The last pair was meant to start within 60 ms and waited for two rounds of 200 ms before it.
        Assert.True(report.Max >= TimeSpan.FromMilliseconds(550), $"max {report.Max}");
    }

    [Fact]
    public async Task A_failed_step_ends_its_copy_and_exceptions_are_outcomes()
    {
        var second = 0;
        var scenario = new Scenario("failing", [
            new ScenarioStep("first", c => c.Copy % 2 == 0 ? Task.FromResult(StepResult.Failure("nope")) : throw new InvalidOperationException()),
            new ScenarioStep("second", _ =>
            {
                Interlocked.Increment(ref second);
                return Task.FromResult(StepResult.Success("ok"));
            }),
        ], [new Inject(4, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))]);

        var reports = await ScenarioRunner.RunAsync([scenario], CancellationToken.None);

        Assert.Equal(0, second);
        Assert.Equal(2, reports[0].Outcomes["nope"]);
        Assert.Equal(2, reports[0].Outcomes["error: InvalidOperationException"]);
        Assert.Equal(0, reports[1].Count);
    }

    [Fact]
    public void Percentiles_come_from_the_recorded_latencies()
    {
        var stats = new StepStats("s", "step");
        for (var ms = 1; ms <= 100; ms++)
        {
            stats.Record(TimeSpan.FromMilliseconds(ms), ms <= 90 ? "fast" : "slow", TimeSpan.FromSeconds(ms / 50));
        }

        var report = stats.Report(TimeSpan.FromSeconds(2));

        Assert.Equal(50, report.P50.TotalMilliseconds, 0.5);
        Assert.Equal(99, report.P99.TotalMilliseconds, 0.5);
        Assert.Equal(100, report.Max.TotalMilliseconds, 0.5);
        Assert.Equal(50, report.PerSecond);
        Assert.Equal((90L, 10L), (report.Outcomes["fast"], report.Outcomes["slow"]));
        Assert.Equal(100, report.Timeline.Sum(t => t.Count));
    }
}
