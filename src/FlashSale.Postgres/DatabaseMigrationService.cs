using Microsoft.Extensions.Hosting;

namespace FlashSale.Postgres;

/// <summary>Migrates before anything else starts: registered ahead of the other hosted services.</summary>
internal sealed class DatabaseMigrationService(DatabaseMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
