using System.Reflection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlashSale.Host.Hosting;

/// <summary>
/// <c>/health</c>'s body: the overall status and each check's, with what it said, and the engine's build, so that
/// ops and a load test's report can tell which build answered.
/// </summary>
/// <param name="Version">The host's informational version: the project version and, built from a git checkout, the commit.</param>
public sealed record HealthReportBody(string Status, string Version, IReadOnlyDictionary<string, HealthReportBody.Check> Checks)
{
    public sealed record Check(string Status, string? Description);

    public static readonly string Build =
        typeof(HealthReportBody).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static Task WriteAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new HealthReportBody(
            report.Status.ToString(),
            Build,
            report.Entries.ToDictionary(e => e.Key, e => new Check(e.Value.Status.ToString(), e.Value.Description ?? e.Value.Exception?.Message))));
}
