using FlashSale.Abstractions.Messages;
using MassTransit;

namespace FlashSale.Fulfillment;

/// <summary>Keeps the record of lapsed holds, so PostgreSQL accounts for every unit won: confirmed in orders, or lapsed here.</summary>
public sealed class HoldsLapsedConsumer(LapsedHoldWriter writer) : IConsumer<HoldsLapsed>
{
    public Task Consume(ConsumeContext<HoldsLapsed> context) => writer.InsertAsync(context.Message.Holds, context.CancellationToken);
}
