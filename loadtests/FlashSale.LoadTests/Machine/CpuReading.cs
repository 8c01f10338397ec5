namespace FlashSale.LoadTests.Machine;

/// <summary>
/// CPU seconds used so far, at one moment: by every process on the machine (kernel threads included) and by each part
/// of <see cref="CpuAccounting"/>. Two readings a second apart say how many cores each kept busy in that second:
/// whether a slow second of a launch was a busy machine or a stalled one, and whose. The machine's figure is the sum
/// over its processes, not <c>/proc/stat</c>: on these virtual machines that samples by timer tick and missed up to
/// two thirds of a bursty load (0.34 of a core against 0.89 summed over the processes, in a small launch).
/// </summary>
public readonly record struct CpuReading(double Machine, IReadOnlyDictionary<string, double> Parts)
{
    /// <summary>Reads <c>/proc</c>; null when the engine is not on this machine.</summary>
    public static CpuReading? Take(int? enginePid) => enginePid is { } pid ? CpuAccounting.Read(pid) : null;
}

/// <summary>Cores the machine and each part kept busy between two <see cref="CpuReading"/>s, filed under the second the interval started in.</summary>
public sealed record CpuSecond(int Second, double Machine, IReadOnlyDictionary<string, double> Parts)
{
    /// <summary>Every other process on the machine, kernel threads included.</summary>
    public double Rest => Math.Max(0, Machine - Parts.Values.Sum());

    /// <param name="readings">Seconds since the run started, and the reading then; in order.</param>
    public static IReadOnlyList<CpuSecond> Between(IReadOnlyList<(double At, CpuReading Reading)> readings) =>
        [.. readings.Zip(readings.Skip(1), (from, to) => (from, to, seconds: to.At - from.At))
            .Where(x => x.seconds > 0)
            .Select(x => new CpuSecond((int)x.from.At,
                (x.to.Reading.Machine - x.from.Reading.Machine) / x.seconds,
                x.to.Reading.Parts.ToDictionary(p => p.Key, p => (p.Value - x.from.Reading.Parts.GetValueOrDefault(p.Key)) / x.seconds)))];
}
