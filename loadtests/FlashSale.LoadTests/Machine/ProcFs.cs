namespace FlashSale.LoadTests.Machine;

/// <summary>Reads Linux's <c>/proc</c>, where processes come and go while we look.</summary>
internal static class ProcFs
{
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
}
