using FlashSale.Stock;
using FlashSale.Stock.Retirement;
using Npgsql;
using static FlashSale.Postgres.ArrayParameters;

namespace FlashSale.Fulfillment;

/// <summary>The orders of retired sales in PostgreSQL's <c>retired_orders</c>, as Redis recorded them.</summary>
public sealed class RetiredOrderArchive(NpgsqlDataSource dataSource) : IOrderArchive
{
    private const string Insert = """
        INSERT INTO retired_orders (order_id, sale_id, shopper_id, state, created_at, pay_by, settled_at, fcode)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[], $8::text[])
        ON CONFLICT (order_id) DO NOTHING
        """;

    public async Task ArchiveAsync(IReadOnlyCollection<StockOrder> orders, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Insert);
        command.Parameters.AddRange((NpgsqlParameter[])[
            Texts(orders.Select(o => o.OrderId)), Texts(orders.Select(o => o.SaleId)), Texts(orders.Select(o => o.ShopperId)),
            Texts(orders.Select(o => StockOrder.NameOf(o.State))), Times(orders.Select(o => o.CreatedAt)),
            Times(orders.Select(o => o.PayBy)), Times(orders.Select(o => o.SettledAt)), Texts(orders.Select(o => o.Fcode)),
        ]);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<StockOrder?> FindAsync(string orderId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT sale_id, shopper_id, state, created_at, pay_by, settled_at, fcode FROM retired_orders WHERE order_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = orderId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        DateTimeOffset? Time(int column) => reader.IsDBNull(column) ? null : reader.GetFieldValue<DateTimeOffset>(column);
        return new StockOrder(orderId, reader.GetString(0), reader.GetString(1), StockOrder.ParseState(reader.GetString(2), orderId),
            reader.GetFieldValue<DateTimeOffset>(3), Time(4), Time(5), reader.IsDBNull(6) ? null : reader.GetString(6));
    }
}
