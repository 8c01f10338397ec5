using FlashSale.Abstractions.Messages;
using MassTransit;

namespace FlashSale.Fulfillment;

/// <summary>
/// Stores each relayed batch of orders with one multi-row insert. A failed insert fails the message, which
/// the bus retries; orders already stored are skipped by the primary key.
/// </summary>
public sealed class OrdersConfirmedConsumer(OrderWriter writer) : IConsumer<OrdersConfirmed>
{
    public Task Consume(ConsumeContext<OrdersConfirmed> context) =>
        writer.InsertAsync(context.Message, context.CancellationToken);
}

public sealed class OrdersConfirmedConsumerDefinition : ConsumerDefinition<OrdersConfirmedConsumer>
{
    public OrdersConfirmedConsumerDefinition()
    {
        // Each message is a batch of up to a relay's batch size; a few at once keep PostgreSQL busy without
        // piling up connections.
        ConcurrentMessageLimit = 4;
    }
}
