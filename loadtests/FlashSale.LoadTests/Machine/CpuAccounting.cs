using System.Globalization;

namespace FlashSale.LoadTests.Machine;

/// <summary>CPU seconds one part of the system used during a run, and its share of the machine's cores over it.</summary>
public sealed record CpuUse(string Part, double Seconds, double ShareOfMachine);

/// <summary>
/// Where the CPU went: the generator, the engine and each server share one machine, so a slow launch is read
/// against who used the cores. Linux only (<c>/proc</c>); elsewhere it reports nothing.
/// </summary>
public sealed class CpuAccounting
{
    private const string Generator = "load generator", Engine = "engine host";

    /// <summary>The servers, by the names of their processes (<c>/proc/{pid}/comm</c>).</summary>
    private static readonly (string Part, string[] Names)[] Servers =
    [
        ("Redis", ["redis-server"]),
        ("PostgreSQL", ["postgres"]),
        ("RabbitMQ", ["beam.smp", "erl_child_setup", "epmd", "inet_gethost"]),
    ];

    private readonly Dictionary<string, double> _start;
    private readonly DateTime _startedAt = DateTime.UtcNow;

    private CpuAccounting(Dictionary<string, double> start) => _start = start;

    public static CpuAccounting Start() => new(Read());

    public IReadOnlyList<CpuUse> Stop()
    {
        var end = Read();
        var capacity = (DateTime.UtcNow - _startedAt).TotalSeconds * Environment.ProcessorCount;
        return [.. end.Select(e => (e.Key, Seconds: e.Value - _start.GetValueOrDefault(e.Key)))
            .Select(e => new CpuUse(e.Key, e.Seconds, capacity > 0 ? e.Seconds / capacity : 0))];
    }

    private static Dictionary<string, double> Read()
    {
        var totals = new[] { Generator, Engine }.Concat(Servers.Select(s => s.Part)).ToDictionary(p => p, _ => 0.0);
        var engine = PeakMemory.FindEngine();
        foreach (var pid in ProcFs.Pids())
        {
            if (TryCpuSeconds(pid) is not { } seconds)
            {
                continue;
            }
            var comm = ProcFs.TryRead(pid, "comm")?.Trim() ?? "";
            var part = pid == Environment.ProcessId ? Generator
                : pid == engine ? Engine
                : Servers.FirstOrDefault(s => s.Names.Contains(comm)).Part;
            if (part is not null)
            {
                totals[part] += seconds;
            }
        }
        return totals;
    }

    /// <summary>utime + stime from /proc/{pid}/stat, in seconds (the kernel counts in 100 Hz ticks).</summary>
    private static double? TryCpuSeconds(int pid)
    {
        var stat = ProcFs.TryRead(pid, "stat");
        if (stat is null)
        {
            return null;
        }
        // The command name (field 2) may hold spaces; count fields from after its closing parenthesis.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
