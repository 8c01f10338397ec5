using System.Net;
using FlashSale.Stock;
using Orleans.Configuration;

namespace FlashSale.Host.Hosting;

public static class OrleansHostingExtensions
{
    /// <summary>
    /// Co-hosts an Orleans silo in this process, clustered as <c>FlashSale:Orleans</c> says. Reminders (the sales'
    /// session clocks) are kept in Redis whatever the clustering, so they outlive a restart of every host.
    /// </summary>
    public static WebApplicationBuilder AddFlashSaleSilo(this WebApplicationBuilder builder)
    {
        var cluster = builder.Configuration.GetSection(OrleansClusterOptions.Section).Get<OrleansClusterOptions>() ?? new();
        var redis = builder.Configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new();

        builder.UseOrleans(silo =>
        {
            switch (cluster.Clustering)
            {
                case ClusteringMode.Redis:
                    silo.UseRedisClustering(o => o.ConfigurationOptions = StockServiceCollectionExtensions.ForFlashSale(redis.Configuration));
                    silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort);
                    break;
                default:
                    silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort);
                    break;
            }
            silo.UseRedisReminderService(o => o.ConfigurationOptions = StockServiceCollectionExtensions.ForFlashSale(redis.Configuration));
            if (TelemetryHostingExtensions.RecordsTraces(builder.Configuration))
            {
                // A filter on every grain call: its mere presence costs each call, so only when traces are recorded.
                silo.AddSampledGrainCallTracing();
            }
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
        });
        return builder;
    }
}
