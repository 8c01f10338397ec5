using System.Net;
using FlashSale.Grains.WaitingRooms;
using FlashSale.Testing;
using StackExchange.Redis;

namespace FlashSale.Grains.Tests;

/// <summary>
/// A cluster whose waiting rooms are tiny, so their bounds are reached with a handful of shoppers, and whose silo
/// reaches Redis through a proxy a test may hold, to keep scripts in flight for as long as it needs.
/// </summary>
public sealed class SmallWaitingRoomFixture : ClusterFixture
{
    public const int MaxInFlight = 2;
    public const int MaxQueueLength = 5;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new($"{WaitingRoomOptions.Section}:{nameof(WaitingRoomOptions.MaxInFlight)}", MaxInFlight.ToString()),
        new($"{WaitingRoomOptions.Section}:{nameof(WaitingRoomOptions.MaxQueueLength)}", MaxQueueLength.ToString()),
        new($"{WaitingRoomOptions.Section}:{nameof(WaitingRoomOptions.LapseSweepInterval)}", "00:00:00.100"),
    ];

    private TcpProxy? _redisLink;

    public TcpProxy RedisLink => _redisLink ?? throw new InvalidOperationException("The cluster has not started.");

    protected override string SiloRedisConfiguration(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        _redisLink = options.EndPoints.Single() switch
        {
            DnsEndPoint dns => TcpProxy.Start(dns.Host, dns.Port),
            IPEndPoint ip => TcpProxy.Start(ip.Address.ToString(), ip.Port),
            var other => throw new NotSupportedException($"Redis at {other} cannot be proxied."),
        };
        options.EndPoints.Clear();
        options.EndPoints.Add(IPAddress.Loopback, _redisLink.Port);
        // A held link times out in a second, not the default five.
        options.AsyncTimeout = 1_000;
        return options.ToString();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_redisLink is not null)
        {
            await _redisLink.DisposeAsync();
        }
    }
}
