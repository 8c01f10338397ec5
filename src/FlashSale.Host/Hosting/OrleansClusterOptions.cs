namespace FlashSale.Host.Hosting;

/// <summary>Bound from <c>FlashSale:Orleans</c>.</summary>
public sealed class OrleansClusterOptions
{
    public const string Section = "FlashSale:Orleans";

    /// <summary>
    /// <c>Localhost</c>: a single-process cluster, the default. <c>Redis</c>: hosts find each other through
    /// the membership table in <c>FlashSale:Redis</c>, so several hosts form one cluster.
    /// </summary>
    public ClusteringMode Clustering { get; set; } = ClusteringMode.Localhost;

    /// <summary>Hosts with the same cluster id form one cluster.</summary>
    public string ClusterId { get; set; } = "flashsale";

    public string ServiceId { get; set; } = "flashsale";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other hosts reach this one at.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";
}

public enum ClusteringMode
{
    Localhost,
    Redis,
}
