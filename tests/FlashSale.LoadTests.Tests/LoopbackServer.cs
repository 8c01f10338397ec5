using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.LoadTests.Tests;

/// <summary>A real Kestrel server on a free loopback port, for tests that point the tool's clients at one.</summary>
internal static class LoopbackServer
{
    /// <summary>The server, to map its endpoints on before <see cref="StartAsync"/>.</summary>
    public static WebApplication Create(Action<KestrelServerOptions>? kestrel = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(options => kestrel?.Invoke(options));
        return builder.Build();
    }

    /// <summary>Starts the server and answers where it listens (it was given port 0 and chose one).</summary>
    public static async Task<Uri> StartAsync(WebApplication server)
    {
        await server.StartAsync();
        return new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }
}
