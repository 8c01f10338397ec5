using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;

namespace FlashSale.LoadTests.Bench;

/// <summary>
/// The designs the engine is measured against, served by one bare Kestrel app in a process of its own (like the
/// engine, apart from the generator):
/// <c>/bare</c> does nothing (the limit of Kestrel and the generator on this machine);
/// <c>/postgres/purchases</c> is the common design, one PostgreSQL transaction per purchase that decrements a stock
/// row <c>WHERE remaining &gt; 0</c> and inserts the order;
/// <c>/redis/purchases</c> is a bare Redis <c>DECR</c>, no grain, no order record, no outbox.
/// </summary>
public static class BaselineServer
{
    public const string Sku = "bench-phone";
    public const int Stock = 100_000_000;

    /// <summary>The common design's pool: several connections per core, as such an app would be configured.</summary>
    public const int PostgresPoolSize = 32;

    public static async Task RunAsync(int port, string postgres, string redis, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var db = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(postgres) { MaxPoolSize = PostgresPoolSize }.ConnectionString);
        await using var cache = await ConnectionMultiplexer.ConnectAsync(redis);
        await ResetAsync(db, cache.GetDatabase());

        var app = builder.Build();
        app.MapGet("/bare", () => Results.NoContent());
        app.MapPost("/bare", () => Results.NoContent());
        app.MapPost("/postgres/purchases", async (HttpRequest request) => await PurchaseInPostgresAsync(db, request.Headers["Idempotency-Key"].ToString())
            ? Results.StatusCode(StatusCodes.Status201Created)
            : Results.Problem(statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["code"] = "sold_out" }));
        app.MapPost("/redis/purchases", async () => await cache.GetDatabase().StringDecrementAsync(RedisKey) >= 0
            ? Results.StatusCode(StatusCodes.Status201Created)
            : Results.Problem(statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["code"] = "sold_out" }));
        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
    }

    private const string RedisKey = "bench:" + Sku + ":remaining";

    private static async Task ResetAsync(NpgsqlDataSource db, IDatabase redis)
    {
        await using var command = db.CreateCommand($"""
            CREATE TABLE IF NOT EXISTS bench_stock (sku text PRIMARY KEY, remaining integer NOT NULL);
            CREATE TABLE IF NOT EXISTS bench_orders (order_id bigserial PRIMARY KEY, sku text NOT NULL, shopper_id text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
            INSERT INTO bench_stock VALUES ('{Sku}', {Stock}) ON CONFLICT (sku) DO UPDATE SET remaining = {Stock};
            TRUNCATE bench_orders;
            """);
        await command.ExecuteNonQueryAsync();
        await redis.StringSetAsync(RedisKey, Stock);
    }

    private static async Task<bool> PurchaseInPostgresAsync(NpgsqlDataSource db, string shopper)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var take = new NpgsqlCommand("UPDATE bench_stock SET remaining = remaining - 1 WHERE sku = $1 AND remaining > 0", connection, transaction);
        take.Parameters.Add(new NpgsqlParameter { Value = Sku });
        if (await take.ExecuteNonQueryAsync() == 0)
        {
            return false;
        }
        await using var order = new NpgsqlCommand("INSERT INTO bench_orders (sku, shopper_id) VALUES ($1, $2)", connection, transaction);
        order.Parameters.Add(new NpgsqlParameter { Value = Sku });
        order.Parameters.Add(new NpgsqlParameter { Value = shopper });
        await order.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return true;
    }
}
