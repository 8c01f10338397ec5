using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlashSale.Outbox.Tests;

public sealed class MessagingRegistrationTests
{
    [Fact]
    public void The_bus_reports_no_usage_telemetry_to_masstransits_makers()
    {
        using var services = new ServiceCollection()
            .AddOrderMessaging(new ConfigurationBuilder().Build(), _ => { })
            .BuildServiceProvider();

        Assert.False(services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }
}
