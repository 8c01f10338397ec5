using FlashSale.Grains.WaitingRooms;

namespace FlashSale.Grains.Tests;

/// <summary>A cluster whose waiting rooms are tiny, so their bounds are reached with a handful of shoppers.</summary>
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
}
