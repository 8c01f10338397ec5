using FlashSale.Abstractions.Messages;
using Npgsql;
using static FlashSale.Postgres.ArrayParameters;

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
        command.Parameters.AddRange((NpgsqlParameter[])[
            Texts(holds.Select(h => h.OrderId)), Texts(holds.Select(h => h.SaleId)), Texts(holds.Select(h => h.ShopperId)), Times(holds.Select(h => h.LapsedAt)),
        ]);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
