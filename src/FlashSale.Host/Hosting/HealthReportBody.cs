using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlashSale.Host.Hosting;

/// <summary><c>/health</c>'s body: the overall status and each check's, with what it said.</summary>
public sealed record HealthReportBody(string Status, IReadOnlyDictionary<string, HealthReportBody.Check> Checks)
{
    public sealed record Check(string Status, string? Description);

    public static Task WriteAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new HealthReportBody(
            report.Status.ToString(),
            report.Entries.ToDictionary(e => e.Key, e => new Check(e.Value.Status.ToString(), e.Value.Description ?? e.Value.Exception?.Message))));
}
