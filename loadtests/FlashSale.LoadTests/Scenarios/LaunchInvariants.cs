using Npgsql;

namespace FlashSale.LoadTests.Scenarios;

/// <summary>The properties every replay must keep, checked through the API and directly in PostgreSQL once fulfillment has drained.</summary>
public static class LaunchInvariants
{
    /// <returns>The invariants, the time from the last sale to the last order stored, and when the last unit sold (by the engine's clock).</returns>
    public static async Task<(IReadOnlyList<Invariant> Invariants, TimeSpan? Lag, DateTimeOffset? LastSale)> CheckAsync(
        LaunchPlan plan, LaunchOptions o, EngineClient engine, string saleId, Tracker tracker, CancellationToken cancellationToken)
    {
        var sale = await engine.GetSaleAsync(saleId);
        int Field(string name) => sale.GetProperty(name).GetInt32();
        var sold = Field("sold");
        var fcodeStock = Field("fcodeStock");
        var fcodeSold = fcodeStock - Field("fcodeRemaining");

        await using var db = NpgsqlDataSource.Create(o.Postgres);
        var deadline = DateTime.UtcNow + o.DrainTimeout;
        var stored = await CountWhenAtLeastAsync(db, "SELECT count(*) FROM orders WHERE sale_id = $1", saleId, sold + fcodeSold, deadline, cancellationToken);
        var overLimit = await ScalarAsync<long>(db,
            "SELECT count(*) FROM (SELECT shopper_id FROM orders WHERE sale_id = $1 AND fcode IS NULL GROUP BY shopper_id HAVING count(*) > 1) s", saleId);
        var reused = await ScalarAsync<long>(db,
            "SELECT count(*) FROM (SELECT fcode FROM orders WHERE sale_id = $1 AND fcode IS NOT NULL GROUP BY fcode HAVING count(*) > 1) f", saleId);
        var lag = await ScalarAsync<TimeSpan?>(db, "SELECT max(fulfilled_at) - max(confirmed_at) FROM orders WHERE sale_id = $1", saleId);
        var lastSale = await ScalarAsync<DateTime?>(db, "SELECT max(confirmed_at) FROM orders WHERE sale_id = $1", saleId);
        var twiceWon = tracker.RedeemWinners.Count(w => w.Value.Contains('+', StringComparison.Ordinal));
        // The F-code registry learns of redemptions through the outbox as fulfillment does, a moment apart.
        await CountWhenAtLeastAsync(db, "SELECT count(*) FROM fcodes WHERE sale_id = $1 AND order_id IS NOT NULL", saleId, fcodeSold, deadline, cancellationToken);
        // A redeemed code cannot change hands again, so its owner of record is whoever held it when it was redeemed.
        var wrongHands = await ScalarAsync<long>(db,
            "SELECT count(*) FROM orders o JOIN fcodes f ON f.code = o.fcode WHERE o.sale_id = $1 AND f.owner_id IS NOT NULL AND f.owner_id <> o.shopper_id",
            saleId);

        List<Invariant> invariants =
        [
            new("units sold ≤ stock", sold <= plan.Units && fcodeSold <= fcodeStock, $"{sold:N0} of {plan.Units:N0}; F-code {fcodeSold:N0} of {fcodeStock:N0}"),
            new("every unit won is a unit sold", tracker.BuyWinners.Count == sold && tracker.RedeemWinners.Count == fcodeSold,
                $"won: {tracker.BuyWinners.Count:N0} shoppers + {tracker.RedeemWinners.Count:N0} F-codes"),
            new("orders in PostgreSQL = units sold", stored == sold + fcodeSold, $"{stored:N0} stored, {sold + fcodeSold:N0} sold"),
            new("no shopper over the limit", overLimit == 0, $"{overLimit} shoppers with more than 1 unit"),
            new("every F-code redeemed at most once", reused == 0 && twiceWon == 0, $"{reused} codes on more than one order; {twiceWon} won by two shoppers"),
            new("an F-code buys only for whoever holds it", wrongHands == 0,
                $"{fcodeSold:N0} codes redeemed, {tracker.Transfers.Count:N0} handed on during the replay; {wrongHands} bought for someone but their owner of record"),
        ];
        return (invariants, lag, lastSale is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null);
    }

    /// <summary>Reads a count until it reaches <paramref name="target"/> or the deadline passes; returns the last reading.</summary>
    internal static async Task<long> CountWhenAtLeastAsync(
        NpgsqlDataSource db, string sql, string saleId, long target, DateTime deadline, CancellationToken cancellationToken)
    {
        long count;
        while ((count = await ScalarAsync<long>(db, sql, saleId)) < target && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellationToken);
        }
        return count;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql, string saleId)
    {
        await using var command = db.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = saleId });
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default! : (T)value;
    }
}
