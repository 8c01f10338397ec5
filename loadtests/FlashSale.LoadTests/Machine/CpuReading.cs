using System.Globalization;

namespace FlashSale.LoadTests.Machine;

/// <summary>
/// CPU seconds used so far, at one moment: by the whole machine (every process, the kernel's interrupt work
/// included) and by each part of <see cref="CpuAccounting"/>. Two readings a second apart say how many cores each
/// kept busy in that second: whether a slow second of a launch was a busy machine or a stalled one, and whose.
/// </summary>
public readonly record struct CpuReading(double Machine, IReadOnlyDictionary<string, double> Parts)
{
    /// <summary>Reads <c>/proc</c>; null where there is none, or when the engine is not on this machine.</summary>
    public static CpuReading? Take(int? enginePid) =>
        MachineBusySeconds() is { } machine && enginePid is { } pid ? new CpuReading(machine, CpuAccounting.Read(pid)) : null;

    /// <summary>
    /// The first line of <c>/proc/stat</c>: user, nice, system, idle, iowait, irq, softirq, steal… in 100 Hz ticks;
    /// busy is everything but idle and iowait.
    /// </summary>
    private static double? MachineBusySeconds()
    {
        var line = File.Exists("/proc/stat") ? File.ReadLines("/proc/stat").First() : null;
        if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
        {
            return null;
        }
        var ticks = line[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(8).Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        return (ticks.Sum() - ticks[3] - ticks[4]) / ProcFs.TicksPerSecond;
    }
}

/// <summary>Cores the machine and each part kept busy between two <see cref="CpuReading"/>s, filed under the second the interval started in.</summary>
public sealed record CpuSecond(int Second, double Machine, IReadOnlyDictionary<string, double> Parts)
{
    /// <summary>Everything the parts do not account for: the kernel's own work, and every other process.</summary>
    public double Rest => Math.Max(0, Machine - Parts.Values.Sum());

    /// <param name="readings">Seconds since the run started, and the reading then; in order.</param>
    public static IReadOnlyList<CpuSecond> Between(IReadOnlyList<(double At, CpuReading Reading)> readings) =>
        [.. readings.Zip(readings.Skip(1), (from, to) => (from, to, seconds: to.At - from.At))
            .Where(x => x.seconds > 0)
            .Select(x => new CpuSecond((int)x.from.At,
                (x.to.Reading.Machine - x.from.Reading.Machine) / x.seconds,
                x.to.Reading.Parts.ToDictionary(p => p.Key, p => (p.Value - x.from.Reading.Parts.GetValueOrDefault(p.Key)) / x.seconds)))];
}
