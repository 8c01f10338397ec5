using FlashSale.Abstractions.Messages;
using Npgsql;
using NpgsqlTypes;

namespace FlashSale.Fulfillment;

/// <summary>Records a batch of lapsed holds in one statement; holds already recorded are left as they are.</summary>
public sealed class LapsedHoldWriter(NpgsqlDataSource dataSource)
{
    private const string Insert = """
        INSERT INTO lapsed_holds (order_id, sale_id, shopper_id, lapsed_at)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
        ON CONFLICT (order_id) DO NOTHING
        """;

    public async Task<int> InsertAsync(IReadOnlyCollection<HoldLapsed> holds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Insert);
        command.Parameters.Add(new NpgsqlParameter { Value = holds.Select(h => h.OrderId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = holds.Select(h => h.SaleId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = holds.Select(h => h.ShopperId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            Value = holds.Select(h => h.LapsedAt.UtcDateTime).ToArray(),
        });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
