using Npgsql;

namespace FlashSale.Fulfillment;

public sealed class OrderReader(NpgsqlDataSource dataSource)
{
    public async Task<FulfilledOrder?> FindAsync(string orderId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT order_id, sale_id, sku, shopper_id, confirmed_at, fulfilled_at, fcode FROM orders WHERE order_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = orderId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new FulfilledOrder(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetFieldValue<DateTimeOffset>(4),
            reader.GetFieldValue<DateTimeOffset>(5),
            reader.IsDBNull(6) ? null : reader.GetString(6));
    }

    public async Task<long> CountForSaleAsync(string saleId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM orders WHERE sale_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = saleId });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
