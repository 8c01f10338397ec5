namespace FlashSale.LoadTests.Machine;

/// <summary>CPU seconds one part of the system used during a run, and its share of the machine's cores over it.</summary>
public sealed record CpuUse(string Part, double Seconds, double ShareOfMachine);

/// <summary>
/// Where the CPU went: the generator, the engine and each server share one machine, so a slow launch is read
/// against who used the cores. Linux only (<c>/proc</c>); elsewhere it reports nothing.
/// </summary>
public sealed class CpuAccounting
{
    public const string Generator = "load generator", Engine = "engine host";

    /// <summary>The servers, by the names of their processes (<c>/proc/{pid}/comm</c>).</summary>
    private static readonly (string Part, string[] Names)[] Servers =
    [
        ("Redis", ["redis-server"]),
        ("PostgreSQL", ["postgres"]),
        ("RabbitMQ", ["beam.smp", "erl_child_setup", "epmd", "inet_gethost"]),
    ];

    /// <summary>The parts, in the order the reports list them.</summary>
    public static IReadOnlyList<string> Parts { get; } = [Generator, Engine, .. Servers.Select(s => s.Part)];

    private readonly CpuReading _start;
    private readonly DateTime _startedAt = DateTime.UtcNow;

    private CpuAccounting(CpuReading start) => _start = start;

    public static CpuAccounting Start() => new(Read(PeakMemory.FindEngine()));

    public IReadOnlyList<CpuUse> Stop()
    {
        var used = Read(PeakMemory.FindEngine()).Since(_start);
        var capacity = (DateTime.UtcNow - _startedAt).TotalSeconds * Environment.ProcessorCount;
        return [.. used.Parts.Select(p => new CpuUse(p.Key, p.Value, capacity > 0 ? p.Value / capacity : 0))];
    }

    /// <summary>CPU seconds each process alive now has used so far, and which part it is.</summary>
    /// <param name="engine">The engine host's process, if it runs here.</param>
    internal static CpuReading Read(int? engine)
    {
        var processes = new Dictionary<int, ProcessCpu>();
        foreach (var pid in ProcFs.Pids())
        {
            if (ProcFs.CpuSeconds(pid) is not { } seconds)
            {
                continue;
            }
            var comm = ProcFs.TryRead(pid, "comm")?.Trim() ?? "";
            var part = pid == Environment.ProcessId ? Generator
                : pid == engine ? Engine
                : Servers.FirstOrDefault(s => s.Names.Contains(comm)).Part;
            processes[pid] = new ProcessCpu(part, seconds);
        }
        return new CpuReading(processes);
    }
}
