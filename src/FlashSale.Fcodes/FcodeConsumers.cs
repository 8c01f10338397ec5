using FlashSale.Abstractions.Messages;
using MassTransit;

namespace FlashSale.Fcodes;

/// <summary>Records transfers and revocations in PostgreSQL.</summary>
public sealed class FcodeEventsConsumer(FcodeRegistry registry) : IConsumer<FcodeEventsRecorded>
{
    public Task Consume(ConsumeContext<FcodeEventsRecorded> context) =>
        registry.ApplyAsync([.. context.Message.Events.Select(e => new FcodeEvent(
            e.EventId, e.Code, e.Kind, e.Actor, e.FromOwner, e.ToOwner, null, e.Version, e.At))], context.CancellationToken);
}

/// <summary>Records redemptions: the orders an F-code bought, which the relay publishes beside the batch fulfillment stores.</summary>
public sealed class FcodesRedeemedConsumer(FcodeRegistry registry) : IConsumer<FcodesRedeemed>
{
    public Task Consume(ConsumeContext<FcodesRedeemed> context) =>
        registry.ApplyAsync([.. context.Message.Orders.Where(o => o.Fcode is not null).Select(o => new FcodeEvent(
            $"redeemed:{o.OrderId}", o.Fcode!, "redeemed", o.ShopperId, o.ShopperId, o.ShopperId, o.OrderId, o.FcodeVersion ?? 0,
            DateTimeOffset.FromUnixTimeMilliseconds(o.ConfirmedAtMs)))],
            context.CancellationToken);
}
