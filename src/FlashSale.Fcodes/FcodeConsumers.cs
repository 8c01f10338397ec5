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

/// <summary>Records redemptions: the orders an F-code bought, from the same messages fulfillment stores.</summary>
public sealed class FcodeRedemptionsConsumer(FcodeRegistry registry) : IConsumer<OrdersConfirmed>
{
    public Task Consume(ConsumeContext<OrdersConfirmed> context) =>
        registry.ApplyAsync([.. context.Message.Orders.Where(o => o.Fcode is not null).Select(o => new FcodeEvent(
            $"redeemed:{o.OrderId}", o.Fcode!, "redeemed", o.ShopperId, o.ShopperId, o.ShopperId, o.OrderId, o.FcodeVersion, o.ConfirmedAt))],
            context.CancellationToken);
}
