using FlashSale.Stock;
using FlashSale.Stock.Retirement;
using Npgsql;
using static FlashSale.Postgres.ArrayParameters;

namespace FlashSale.Fulfillment;

/// <summary>The orders of retired sales in PostgreSQL's <c>retired_orders</c>, as Redis recorded them.</summary>
public sealed class RetiredOrderArchive(NpgsqlDataSource dataSource) : IOrderArchive
{
    private const string Columns = "order_id, sale_id, shopper_id, state, created_at, pay_by, settled_at, fcode";

    private const string Insert = $"""
        INSERT INTO retired_orders ({Columns}, idempotency_key)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[], $8::text[], $9::text[])
        ON CONFLICT (order_id) DO NOTHING
        """;

    public async Task ArchiveAsync(IReadOnlyCollection<ArchivedOrder> orders, CancellationToken cancellationToken)
    {
        var recorded = orders.Select(a => a.Order).ToArray();
        await using var command = dataSource.CreateCommand(Insert);
        command.Parameters.AddRange((NpgsqlParameter[])[
            Texts(recorded.Select(o => o.OrderId)), Texts(recorded.Select(o => o.SaleId)), Texts(recorded.Select(o => o.ShopperId)),
            Texts(recorded.Select(o => StockOrder.NameOf(o.State))), Times(recorded.Select(o => o.CreatedAt)),
            Times(recorded.Select(o => o.PayBy)), Times(recorded.Select(o => o.SettledAt)), Texts(recorded.Select(o => o.Fcode)),
            Texts(orders.Select(a => a.IdempotencyKey)),
        ]);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<StockOrder?> FindAsync(string orderId, CancellationToken cancellationToken) =>
        ReadOneAsync($"SELECT {Columns} FROM retired_orders WHERE order_id = $1", [orderId], cancellationToken);

    public Task<StockOrder?> FindByIdempotencyKeyAsync(string saleId, string shopperId, string idempotencyKey, CancellationToken cancellationToken) =>
        ReadOneAsync($"SELECT {Columns} FROM retired_orders WHERE sale_id = $1 AND shopper_id = $2 AND idempotency_key = $3",
            [saleId, shopperId, idempotencyKey], cancellationToken);

    private async Task<StockOrder?> ReadOneAsync(string query, string[] parameters, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(query);
        command.Parameters.AddRange((NpgsqlParameter[])[.. parameters.Select(p => new NpgsqlParameter { Value = p })]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        DateTimeOffset? Time(int column) => reader.IsDBNull(column) ? null : reader.GetFieldValue<DateTimeOffset>(column);
        var orderId = reader.GetString(0);
        return new StockOrder(orderId, reader.GetString(1), reader.GetString(2), StockOrder.ParseState(reader.GetString(3), orderId),
            reader.GetFieldValue<DateTimeOffset>(4), Time(5), Time(6), reader.IsDBNull(7) ? null : reader.GetString(7));
    }
}
