using System.Diagnostics;
using System.Security.Cryptography;

namespace FlashSale.LoadTests.Machine;

/// <summary>
/// How fast one core of this machine ran a fixed piece of work just now, in rounds a second. The machines are
/// shared: one build's launch has used a third more CPU in one run than in the next, for the same sales. Probed
/// while the box is otherwise idle, just before the replay and just after it, the figure lets a reader set a
/// slow launch against a slow machine instead of against the engine.
/// </summary>
/// <remarks>
/// A round is what the engine's own work is made of: hashing (a JWT's signature) and reads scattered over more
/// memory than the caches hold (a neighbour that thrashes the shared cache slows those first).
/// </remarks>
public static class MachineSpeed
{
    private const int TableEntries = 1 << 23; // 32 MiB of ints
    private const int ReadsPerRound = 1 << 14;

    public static readonly TimeSpan DefaultDuration = TimeSpan.FromMilliseconds(500);

    // The same for every probe, and its shuffle takes about as long as a probe: built once a process.
    private static readonly Lazy<int[]> Table = new(() => ChaseTable(TableEntries));

    public static double Probe(TimeSpan duration)
    {
        var table = Table.Value;
        var buffer = new byte[1024 * 1024];
        Span<byte> hash = stackalloc byte[32];
        var next = 0;
        Round(table, buffer, hash, ref next); // compiled and paged in before the clock starts

        var rounds = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            Round(table, buffer, hash, ref next);
            rounds++;
        }
        GC.KeepAlive(next); // the reads' result is used, so the JIT may not drop them
        return rounds / clock.Elapsed.TotalSeconds;
    }

    private static void Round(int[] table, byte[] buffer, Span<byte> hash, ref int next)
    {
        SHA256.HashData(buffer, hash);
        buffer[0] = hash[0];
        for (var i = 0; i < ReadsPerRound; i++)
        {
            next = table[next]; // each read waits for the one before: the memory's latency, not its bandwidth
        }
    }

    /// <summary>
    /// Entry i holds the entry to read after i: one cycle through all of them in a random order (Sattolo's
    /// shuffle), the same on every run, so the reads never settle into a short loop the caches could hold.
    /// </summary>
    public static int[] ChaseTable(int entries)
    {
        var table = new int[entries];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = i;
        }
        var random = new Random(20261124);
        for (var i = table.Length - 1; i > 0; i--)
        {
            var j = random.Next(i);
            (table[i], table[j]) = (table[j], table[i]);
        }
        return table;
    }
}
