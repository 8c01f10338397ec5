namespace FlashSale.LoadTests.Machine;

/// <summary>A process's peak resident memory, from Linux's <c>/proc/{pid}/status</c> (VmHWM).</summary>
public static class PeakMemory
{
    /// <returns>Bytes, or null where /proc is not there to read.</returns>
    public static long? Of(int pid)
    {
        var line = ProcFs.TryRead(pid, "status")?.Split('\n').FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    /// <summary>The engine's host process on this machine, found by its command line (not the <c>dotnet run</c> that started it).</summary>
    public static int? FindEngine() => ProcFs.Pids().Cast<int?>().FirstOrDefault(pid =>
        pid != Environment.ProcessId
        && ProcFs.TryRead(pid!.Value, "cmdline")?.Replace('\0', ' ') is { } commandLine
        && commandLine.Contains("FlashSale.Host", StringComparison.Ordinal)
        && !commandLine.Contains("--project", StringComparison.Ordinal));
}
