namespace FlashSale.LoadTests.Bench;

/// <summary>A process's peak resident memory, from Linux's <c>/proc/{pid}/status</c> (VmHWM).</summary>
public static class PeakMemory
{
    /// <returns>Bytes, or null where /proc is not there to read.</returns>
    public static long? Of(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status))
        {
            return null;
        }
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    /// <summary>The engine's host process on this machine, found by its command line.</summary>
    public static int? FindEngine()
    {
        foreach (var dir in Directory.Exists("/proc") ? Directory.EnumerateDirectories("/proc") : [])
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && pid != Environment.ProcessId
                && File.Exists(Path.Combine(dir, "cmdline"))
                && TryRead(Path.Combine(dir, "cmdline")) is { } commandLine
                && commandLine.Contains("FlashSale.Host", StringComparison.Ordinal)
                && !commandLine.Contains("dotnet run", StringComparison.Ordinal)
                && !commandLine.Contains("--project", StringComparison.Ordinal))
            {
                return pid;
            }
        }
        return null;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path).Replace('\0', ' ');
        }
        catch (IOException)
        {
            return null; // the process ended while we looked
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
