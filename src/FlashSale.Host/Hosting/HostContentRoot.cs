using Microsoft.Extensions.Hosting;

namespace FlashSale.Host.Hosting;

/// <summary>
/// Where the host reads <c>appsettings.json</c> from. ASP.NET Core's default is the working directory, so a published
/// engine started from any other directory (a service manager, a script, a load tester's shell) found no
/// <c>appsettings.json</c> and ran on its code defaults without a word: every request logged at Information, 1.7 GB
/// and a sixth more engine CPU a full launch (docs/PERFORMANCE.md). The engine's own directory is the default here, as
/// <c>UseWindowsService</c> makes it; <c>--contentRoot</c> or <c>ASPNETCORE_CONTENTROOT</c> still choose another.
/// </summary>
public static class HostContentRoot
{
    /// <summary>The content root to give the builder: null where the arguments or the environment chose one.</summary>
    public static string? Default(string[] args)
    {
        var chosen = new ConfigurationBuilder()
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build()[HostDefaults.ContentRootKey];
        return chosen is null ? AppContext.BaseDirectory : null;
    }
}
