using Microsoft.Extensions.Options;

namespace FlashSale.IntegrationTests.Telemetry;

/// <summary>A host given telemetry settings it cannot honour refuses to start and names the setting.</summary>
public sealed class TelemetrySettingsTests : IAsyncLifetime
{
    private EngineEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await EngineEnvironment.CreateAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Theory]
    [InlineData("ScrapePath", "metrics", "FlashSale:Telemetry:ScrapePath must start with '/'")]
    [InlineData("TraceSampleRatio", "1.5", "FlashSale:Telemetry:TraceSampleRatio must be between 0 and 1.")]
    [InlineData("SeriesPerSaleTaggedMetric", "0", "FlashSale:Telemetry:SeriesPerSaleTaggedMetric must be positive.")]
    public void A_setting_out_of_range_stops_the_host_at_start(string setting, string value, string message)
    {
        using var host = new FlashSaleApp(new Dictionary<string, string?>(_env.Settings) { [$"FlashSale:Telemetry:{setting}"] = value });

        var refused = Assert.Throws<OptionsValidationException>(host.StartServer);

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }
}
