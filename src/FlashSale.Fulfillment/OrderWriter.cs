using System.Diagnostics.Metrics;
using FlashSale.Abstractions.Messages;
using FlashSale.Abstractions.Telemetry;
using Npgsql;
using static FlashSale.Postgres.ArrayParameters;

namespace FlashSale.Fulfillment;

/// <summary>Stores a batch of orders in one statement; orders already stored are left as they are.</summary>
public sealed class OrderWriter(NpgsqlDataSource dataSource, IMeterFactory meters)
{
    private readonly Counter<long> _stored = FlashSaleMeter.OrderCounter(meters, FlashSaleMeter.OrdersStored, "Orders newly stored in PostgreSQL.");

    private const string Insert = """
        INSERT INTO orders (order_id, sale_id, sku, shopper_id, confirmed_at, fcode)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[])
        """;

    /// <returns>How many of the orders were new.</returns>
    /// <remarks>
    /// A batch is almost always new: only a redelivery (after a crash between storing and acknowledging) repeats
    /// orders. So the plain insert goes first, and only a batch it refuses as a whole for a stored order id is
    /// inserted again skipping those: ON CONFLICT costs every row a second probe of the key, a fifth more CPU a row.
    /// </remarks>
    public async Task<int> InsertAsync(OrdersConfirmed batch, CancellationToken cancellationToken)
    {
        int stored;
        try
        {
            stored = await InsertAsync(batch, Insert, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            stored = await InsertAsync(batch, Insert + " ON CONFLICT (order_id) DO NOTHING", cancellationToken);
        }
        _stored.AddOrders(stored, batch.SaleId);
        return stored;
    }

    private async Task<int> InsertAsync(OrdersConfirmed batch, string sql, CancellationToken cancellationToken)
    {
        var orders = batch.Orders;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddRange((NpgsqlParameter[])[
            Texts(orders.Select(o => o.OrderId)), Texts(orders.Select(_ => batch.SaleId)), Texts(orders.Select(_ => batch.Sku)),
            Texts(orders.Select(o => o.ShopperId)), Times(orders.Select(o => DateTimeOffset.FromUnixTimeMilliseconds(o.ConfirmedAtMs))),
            Texts(orders.Select(o => o.Fcode)),
        ]);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes a sale's orders: only for the start-up rehearsal's sale, whose orders were never real.</summary>
    public async Task DeleteSaleAsync(string saleId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM orders WHERE sale_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = saleId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
