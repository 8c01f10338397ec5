using Microsoft.Extensions.Options;

namespace FlashSale.IntegrationTests;

/// <summary>A host given settings it cannot honour refuses to start and names the setting.</summary>
public sealed class SettingsTests : IAsyncLifetime
{
    private EngineEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await EngineEnvironment.CreateAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Theory]
    [InlineData("FlashSale:Telemetry:ScrapePath", "metrics", "must start with '/'")]
    [InlineData("FlashSale:Telemetry:TraceSampleRatio", "1.5", "must be between 0 and 1.")]
    [InlineData("FlashSale:Telemetry:SeriesPerSaleTaggedMetric", "0", "must be positive.")]
    [InlineData("FlashSale:Retirement:KeepSettledSalesFor", "-1.00:00:00", "must not be negative.")]
    [InlineData("FlashSale:Retirement:CheckEvery", "00:00:00", "must be positive.")]
    [InlineData("FlashSale:Api:MaxRequestBodyBytes", "0", "must be positive.")]
    [InlineData("FlashSale:Api:MaxRequestTargetLength", "0", "must be between 1 and 536870911.")]
    [InlineData("FlashSale:Api:MaxRequestHeadersLength", "536870912", "must be between 1 and 536870911.")]
    [InlineData("FlashSale:Api:MaxRequestHeaderCount", "-1", "must be between 1 and 536870911.")]
    // Below a second the AMQP heartbeat, counted in whole seconds, would be 0: off.
    [InlineData("FlashSale:RabbitMq:Heartbeat", "00:00:00.500", "must be between 1 and 65535 seconds.")]
    [InlineData("FlashSale:Outbox:ConfirmTimeout", "00:00:00", "must be positive.")]
    [InlineData("FlashSale:Outbox:UnhealthyAfter", "-00:00:01", "must be positive.")]
    public void A_setting_out_of_range_stops_the_host_at_start(string setting, string value, string rule)
    {
        using var host = new FlashSaleApp(new Dictionary<string, string?>(_env.Settings) { [setting] = value });

        var refused = Assert.Throws<OptionsValidationException>(host.StartServer);

        Assert.Contains($"{setting} {rule}", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>The relay takes a crowd to be gone after SellingWithin of quiet, confirmed one IdleDelay later.</summary>
    [Theory]
    [InlineData("00:00:00.040")]
    [InlineData("00:00:00.070")]
    public void A_rehearsal_whose_waves_the_relay_would_hold_as_one_stops_the_host_at_start(string pause)
    {
        using var host = new FlashSaleApp(new Dictionary<string, string?>(_env.Settings)
        {
            ["FlashSale:Rehearsal:Enabled"] = "true",
            ["FlashSale:Rehearsal:PauseBetweenWaves"] = pause,
            ["FlashSale:Outbox:SellingWithin"] = "00:00:00.050",
            ["FlashSale:Outbox:IdleDelay"] = "00:00:00.020",
        });

        var refused = Assert.Throws<OptionsValidationException>(host.StartServer);

        Assert.Contains("FlashSale:Rehearsal:PauseBetweenWaves must exceed FlashSale:Outbox:SellingWithin plus IdleDelay", refused.Message, StringComparison.Ordinal);
    }
}
