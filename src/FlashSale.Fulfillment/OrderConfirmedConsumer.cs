using FlashSale.Abstractions.Messages;
using MassTransit;

namespace FlashSale.Fulfillment;

/// <summary>
/// Takes confirmed orders in batches: one multi-row insert per batch keeps PostgreSQL up with a sale
/// selling tens of thousands of units a second. A failed insert fails the whole batch, which MassTransit
/// redelivers; rows already stored are skipped by the primary key.
/// </summary>
public sealed class OrderConfirmedConsumer(OrderWriter writer) : IConsumer<Batch<OrderConfirmed>>
{
    public Task Consume(ConsumeContext<Batch<OrderConfirmed>> context) =>
        writer.InsertAsync([.. context.Message.Select(m => m.Message)], context.CancellationToken);
}

public sealed class OrderConfirmedConsumerDefinition : ConsumerDefinition<OrderConfirmedConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<OrderConfirmedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Exponential(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)));
        consumerConfigurator.Options<BatchOptions>(o => o
            .SetMessageLimit(500)
            .SetTimeLimit(TimeSpan.FromMilliseconds(20))
            .SetConcurrencyLimit(2));
    }
}
