namespace FlashSale.IntegrationTests;

/// <summary>One engine host shared by the tests of a class.</summary>
public sealed class EngineFixture : IAsyncLifetime
{
    public EngineEnvironment Environment { get; private set; } = null!;

    public FlashSaleApp Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Environment = await EngineEnvironment.CreateAsync();
        Host = Environment.StartHost();
    }

    public async Task DisposeAsync() => await Environment.DisposeAsync();
}
