using Npgsql;

namespace FlashSale.Testing;

/// <summary>A database of its own for one fixture, created empty and dropped afterwards.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private const int MaxDropAttempts = 5;

    private readonly string _adminConnectionString;

    private TestDatabase(string adminConnectionString, string name)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(ServerEndpoints servers)
    {
        var database = new TestDatabase(servers.PostgresConnectionString, $"flashsale_test_{Guid.NewGuid():N}");
        await database.ExecuteAdminAsync($"CREATE DATABASE {database.Name}");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        // FORCE signals the sessions still connected, then gives them 5 s to exit before failing with 55006. A
        // stopped host's straggler (a consumer still retrying, say) may connect just before the drop, and a busy
        // CI box may need longer than that; the drop is simply tried again. So it is when an autovacuum worker
        // happens to be in the database: PostgreSQL 15 lets only a superuser or pg_signal_backend terminate one
        // (42501), and the worker is gone within moments.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.ObjectInUse or PostgresErrorCodes.InsufficientPrivilege && attempt < MaxDropAttempts)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
