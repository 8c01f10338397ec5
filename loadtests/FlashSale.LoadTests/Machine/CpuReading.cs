namespace FlashSale.LoadTests.Machine;

/// <summary>One process's CPU seconds so far, and the part of the system it is (null: some other process).</summary>
public readonly record struct ProcessCpu(string? Part, double Seconds);

/// <summary>
/// CPU seconds used so far by every process on the machine (kernel threads included), at one moment. Two readings a
/// second apart say how many cores each part kept busy in that second: whether a slow second of a launch was a busy
/// machine or a stalled one, and whose. The machine's figure is the sum over its processes, not <c>/proc/stat</c>: on
/// these virtual machines that samples by timer tick and missed up to two thirds of a bursty load (0.34 of a core
/// against 0.89 summed over the processes, in a small launch).
/// </summary>
public readonly record struct CpuReading(IReadOnlyDictionary<int, ProcessCpu> Processes)
{
    /// <summary>Reads <c>/proc</c>; null when the engine is not on this machine.</summary>
    public static CpuReading? Take(int? enginePid) => enginePid is { } pid ? CpuAccounting.Read(pid) : null;

    /// <summary>
    /// CPU seconds the machine and each part used since <paramref name="earlier"/>, process by process: a process
    /// alive now counts from its earlier figure, or from nothing if it started since. One that ended in between
    /// takes its last moments with it, so a figure may fall a little short but never below zero, as differences of
    /// totals did whenever a PostgreSQL backend exited.
    /// </summary>
    public CpuUsed Since(CpuReading earlier)
    {
        var parts = CpuAccounting.Parts.ToDictionary(p => p, _ => 0.0);
        var machine = 0.0;
        foreach (var (pid, now) in Processes)
        {
            var before = earlier.Processes.TryGetValue(pid, out var then) ? then.Seconds : 0;
            var used = Math.Max(0, now.Seconds - before);
            machine += used;
            if (now.Part is { } part)
            {
                parts[part] += used;
            }
        }
        return new CpuUsed(machine, parts);
    }
}

/// <summary>CPU seconds used between two <see cref="CpuReading"/>s: by the machine, and by each part of <see cref="CpuAccounting"/>.</summary>
public sealed record CpuUsed(double Machine, IReadOnlyDictionary<string, double> Parts);

/// <summary>
/// Cores the machine and each part kept busy between two <see cref="CpuReading"/>s, and the units sold meanwhile (per
/// second), filed under the second the interval started in.
/// </summary>
public sealed record CpuSecond(int Second, double Machine, IReadOnlyDictionary<string, double> Parts, double UnitsPerSecond)
{
    /// <summary>Every other process on the machine, kernel threads included (floored at zero against rounding).</summary>
    public double Rest => Math.Max(0, Machine - Parts.Values.Sum());

    /// <summary>
    /// Microseconds of CPU a unit sold cost the machine (<paramref name="part"/> null) or one part; null when none
    /// sold. The same cores selling fewer units mean each cost more: on these shared machines, usually a slower
    /// machine: one launch's engine spent 62–65 µs a unit from its second second on, another's of the same build 71–106.
    /// </summary>
    public double? MicrosecondsPerUnit(string? part = null) =>
        UnitsPerSecond > 0 ? (part is null ? Machine : Parts.GetValueOrDefault(part)) * 1e6 / UnitsPerSecond : null;

    /// <param name="readings">Seconds since the run started, the reading then and a count of units sold so far; in order.</param>
    public static IReadOnlyList<CpuSecond> Between(IReadOnlyList<(double At, CpuReading Reading, long UnitsSold)> readings) =>
        [.. readings.Zip(readings.Skip(1), (from, to) => (from.At, used: to.Reading.Since(from.Reading), seconds: to.At - from.At, units: to.UnitsSold - from.UnitsSold))
            .Where(x => x.seconds > 0)
            .Select(x => new CpuSecond((int)x.At, x.used.Machine / x.seconds, x.used.Parts.ToDictionary(p => p.Key, p => p.Value / x.seconds), x.units / x.seconds))];
}
