using DbUp;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FlashSale.Postgres;

/// <summary>
/// Applies the migration scripts of every <see cref="MigrationSource"/> in file-name order, each once,
/// recorded in DbUp's journal table.
/// </summary>
public sealed partial class DatabaseMigrator(
    IOptions<PostgresOptions> options,
    NpgsqlDataSource dataSource,
    IEnumerable<MigrationSource> sources,
    ILogger<DatabaseMigrator> logger)
{
    // Several hosts may start at once; the first migrates while the others wait on this lock.
    private const long MigrationLockKey = 0x466c61736853616c; // "FlashSal"

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", lockConnection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        var result = DeployChanges.To
            .PostgresqlDatabase(options.Value.ConnectionString)
            .WithScriptsEmbeddedInAssemblies([.. sources.Select(s => s.Assembly).Distinct()], name => name.Contains(".Migrations.", StringComparison.Ordinal))
            .WithScriptNameComparer(new FileNameComparer())
            .WithTransactionPerScript()
            .LogTo(new DbUpLog(logger))
            .Build()
            .PerformUpgrade();

        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey})", lockConnection))
        {
            await release.ExecuteNonQueryAsync(cancellationToken);
        }

        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed.", result.Error);
        }
    }

    /// <summary>Orders scripts by file name alone, so the number prefix decides, not the assembly's namespace.</summary>
    private sealed class FileNameComparer : IComparer<string>
    {
        public int Compare(string? x, string? y) => string.CompareOrdinal(FileName(x), FileName(y));

        private static string? FileName(string? resource) =>
            resource?[(resource.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..];
    }

    /// <summary>DbUp hands over <c>string.Format</c> patterns, not message templates.</summary>
    private sealed partial class DbUpLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => Write(LogLevel.Trace, null, format, args);
        public void LogDebug(string format, params object[] args) => Write(LogLevel.Debug, null, format, args);
        public void LogInformation(string format, params object[] args) => Write(LogLevel.Information, null, format, args);
        public void LogWarning(string format, params object[] args) => Write(LogLevel.Warning, null, format, args);
        public void LogError(string format, params object[] args) => Write(LogLevel.Error, null, format, args);
        public void LogError(Exception ex, string format, params object[] args) => Write(LogLevel.Error, ex, format, args);

        private void Write(LogLevel level, Exception? exception, string format, object[] args)
        {
            if (logger.IsEnabled(level))
            {
#pragma warning disable CA1873 // formatting only happens inside the IsEnabled guard above
                Log(logger, level, exception, string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
#pragma warning restore CA1873
            }
        }

        [LoggerMessage("{Migration}")]
        private static partial void Log(ILogger logger, LogLevel level, Exception? exception, string migration);
    }
}
