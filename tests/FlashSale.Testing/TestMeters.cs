using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Testing;

/// <summary>A meter factory for what the tests build by hand, as the host's container would give it.</summary>
public static class TestMeters
{
    public static IMeterFactory Factory { get; } = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
}
