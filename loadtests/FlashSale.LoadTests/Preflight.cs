using System.Text.Json;
using Npgsql;

namespace FlashSale.LoadTests;

/// <summary>
/// Before a run: the engine answers and is ready, and its PostgreSQL takes connections. A wrong <c>--api</c> or
/// <c>--postgres</c> would otherwise surface as a stack trace from the warm-up, or from the invariant checks after a
/// whole launch.
/// </summary>
public static class Preflight
{
    /// <summary>The run did not start: something it needs is missing. Distinct from 1, a run that broke an invariant.</summary>
    public const int ExitCode = 2;

    /// <summary>How long an engine that answers may take to become ready (its start-up rehearsal takes seconds).</summary>
    public static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(60);

    /// <returns>What is wrong and how to fix it, or null when the run can start.</returns>
    public static async Task<string?> ProblemAsync(Uri api, string postgres, CancellationToken cancellationToken) =>
        await EngineProblemAsync(api, cancellationToken) ?? await PostgresProblemAsync(postgres, cancellationToken);

    private static async Task<string?> EngineProblemAsync(Uri api, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + ReadyWithin;
        while (true)
        {
            try
            {
                using var ready = await http.GetAsync("/health/ready", cancellationToken);
                if (ready.IsSuccessStatusCode)
                {
                    return null;
                }
                if (DateTime.UtcNow > deadline)
                {
                    return $"The engine at {api} is not ready after {ReadyWithin.TotalSeconds:F0} s: /health/ready says {(int)ready.StatusCode} {await ready.Content.ReadAsStringAsync(cancellationToken)}";
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return $"The engine does not answer at {api} ({error.Message}). Start it with ./infra/run.sh, or pass --api.";
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    /// <summary>
    /// The engine's build as its <c>/health</c> names it (the project version and the commit it was built from), for
    /// the report: a run is only comparable with another of the same build. <c>/health</c> answers 503 with the same
    /// body when a check fails, so the status is not looked at.
    /// </summary>
    public static async Task<string> EngineBuildAsync(Uri api, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var health = await http.GetAsync("/health", cancellationToken);
            using var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync(cancellationToken));
            return body.RootElement.TryGetProperty("version", out var version) && version.GetString() is { Length: > 0 } build
                ? build
                : "unknown (its /health names no build)";
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            return $"unknown ({error.Message})";
        }
    }

    private static async Task<string?> PostgresProblemAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            return null;
        }
        catch (Exception error) when (error is NpgsqlException or ArgumentException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return $"PostgreSQL does not take connections ({error.Message}). ./infra/servers.sh start starts it; pass --postgres if it runs elsewhere.";
        }
    }
}
