using FlashSale.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.IntegrationTests;

/// <summary>
/// One real engine host (Kestrel on a free loopback port, its own silo ports) with the settings a test
/// environment gives it. Everything behind it is the real Redis, RabbitMQ and PostgreSQL.
/// </summary>
public sealed class FlashSaleApp : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public FlashSaleApp(IReadOnlyDictionary<string, string?> settings)
    {
        _settings = settings;
        UseKestrel(0);
    }

    public Uri Address => ListeningAddress(Services);

    /// <summary>Where a started Kestrel server listens (it was given port 0 and chose one).</summary>
    public static Uri ListeningAddress(IServiceProvider services) =>
        new(services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("FlashSale:Orleans:SiloPort", LoopbackPorts.Free().ToString());
        builder.UseSetting("FlashSale:Orleans:GatewayPort", LoopbackPorts.Free().ToString());
    }
}
