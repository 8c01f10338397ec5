namespace FlashSale.Host.Rehearsal;

/// <summary>Where the host can reach its own HTTP API, from the addresses Kestrel listens on.</summary>
public static class LoopbackAddress
{
    /// <returns>The first plain-HTTP address (else the first), with a wildcard host replaced by the loopback one.</returns>
    public static Uri From(IEnumerable<string> listening)
    {
        var addresses = listening.ToArray();
        var chosen = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The host listens on no address, so it cannot rehearse against itself.");
        var (scheme, rest) = (chosen[..(chosen.IndexOf("://", StringComparison.Ordinal) + 3)], chosen[(chosen.IndexOf("://", StringComparison.Ordinal) + 3)..]);
        var portAt = rest.LastIndexOf(':');
        var host = portAt < 0 ? rest : rest[..portAt];
        var loopback = host switch
        {
            "0.0.0.0" or "+" or "*" => "127.0.0.1",
            "[::]" => "[::1]",
            _ => host,
        };
        return new Uri(scheme + loopback + (portAt < 0 ? "" : rest[portAt..]));
    }
}
