using System.Globalization;

namespace FlashSale.LoadTests.Machine;

/// <summary>Reads Linux's <c>/proc</c>, where processes come and go while we look.</summary>
internal static class ProcFs
{
    /// <summary>The kernel's clock for CPU times in <c>/proc</c> (USER_HZ, 100 on every Linux this runs on).</summary>
    private const double TicksPerSecond = 100.0;

    public static IEnumerable<int> Pids() =>
        Directory.Exists("/proc") ? Directory.EnumerateDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0).Where(pid => pid > 0) : [];

    /// <returns>null when the file is gone (the process ended) or unreadable.</returns>
    public static string? TryRead(int pid, string file)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{file}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A process's CPU so far (utime + stime from <c>/proc/{pid}/stat</c>), in seconds; null once it is gone.</summary>
    public static double? CpuSeconds(int pid)
    {
        var stat = TryRead(pid, "stat");
        if (stat is null)
        {
            return null;
        }
        // The command name (field 2) may hold spaces; count fields from after its closing parenthesis.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
