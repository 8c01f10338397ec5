using System.Text.Json;
using FlashSale.Abstractions.Messages;
using FlashSale.Stock;

namespace FlashSale.Outbox.Tests;

public sealed class RelayMessagesTests
{
    private const string Sale = "01a2097d049875d1a52cc752f3d3d4e8";

    [Fact]
    public void Orders_are_split_into_messages_of_at_most_the_limit_in_stream_order()
    {
        OutboxEntry[] entries = [.. Enumerable.Range(0, 10).Select(i => Entry(i, Orders(i * 64, 64)))];

        var messages = RelayMessages.For(Sale, entries, maxOrdersPerMessage: 256);

        Assert.Equal([256, 256, 128], messages.Orders.Select(m => m.Orders.Count));
        Assert.All(messages.Orders, m => Assert.Equal((Sale, "sku"), (m.SaleId, m.Sku)));
        Assert.Equal(Orders(0, 640).Select(o => o.OrderId), messages.Orders.SelectMany(m => m.Orders).Select(o => o.OrderId));
        Assert.Empty(messages.Redemptions);
        Assert.Null(messages.FcodeEvents);
        Assert.Null(messages.Lapses);
    }

    [Fact]
    public void Redemptions_go_out_with_the_orders_and_again_on_their_own()
    {
        var redeemed = Orders(0, 3).Select(o => o with { Fcode = $"CODE{o.OrderId[^1]}", FcodeVersion = 2 }).ToArray();
        OutboxEntry[] entries = [Entry(0, Orders(100, 5)), Entry(1, redeemed)];

        var messages = RelayMessages.For(Sale, entries, maxOrdersPerMessage: 2);

        Assert.Equal(8, messages.Orders.Sum(m => m.Orders.Count));
        Assert.Equal(redeemed, messages.Redemptions.SelectMany(m => m.Orders));
        Assert.Equal([2, 1], messages.Redemptions.Select(m => m.Orders.Count));
    }

    [Fact]
    public void Events_and_lapses_go_out_in_one_message_each()
    {
        var at = DateTimeOffset.UnixEpoch;
        OutboxEntry[] entries =
        [
            new(new StackExchange.Redis.RedisValue("1-0")) { FcodeEvent = new FcodeEventRecorded($"{Sale}:1-0", "CODE", Sale, "transfer", "ann", "ann", "bob", 2, at) },
            new(new StackExchange.Redis.RedisValue("2-0")) { Lapse = new HoldLapsed($"{Sale}-1", Sale, "ann", at) },
            new(new StackExchange.Redis.RedisValue("3-0")) { Lapse = new HoldLapsed($"{Sale}-2", Sale, "bob", at) },
        ];

        var messages = RelayMessages.For(Sale, entries, maxOrdersPerMessage: 256);

        Assert.Empty(messages.Orders);
        Assert.Single(messages.FcodeEvents!.Events);
        Assert.Equal(2, messages.Lapses!.Holds.Count);
    }

    [Fact]
    public void A_full_message_of_the_longest_shopper_ids_stays_off_the_large_object_heap()
    {
        // The engine's System.GC.LOHThreshold (FlashSale.Host.csproj).
        const int LargeObjectThreshold = 2 * 1024 * 1024, EnvelopeAllowance = 4_000;
        var longest = new string('s', 128);
        var cap = new OutboxRelayOptions().MaxOrdersPerMessage;
        OutboxEntry[] entries = [Entry(0, [.. Orders(9_999_000, cap).Select(o => o with { ShopperId = longest })])];

        var message = Assert.Single(RelayMessages.For(Sale, entries, cap).Orders);

        Assert.InRange(JsonSerializer.SerializeToUtf8Bytes(message, JsonSerializerOptions.Web).Length, 1, LargeObjectThreshold - EnvelopeAllowance);
    }

    private static OutboxEntry Entry(int id, IReadOnlyList<ConfirmedOrder> orders) =>
        new(new StackExchange.Redis.RedisValue($"{id}-0")) { Orders = orders, Sku = "sku" };

    private static ConfirmedOrder[] Orders(int first, int count) =>
        [.. Enumerable.Range(first, count).Select(seq => new ConfirmedOrder($"{Sale}-{seq}", $"shopper-{seq}", 1_795_455_609_547))];
}
