using FlashSale.Stock;
using Npgsql;
using NpgsqlTypes;
using static FlashSale.Postgres.ArrayParameters;

namespace FlashSale.Fcodes;

/// <summary>PostgreSQL's record of F-codes and their history.</summary>
public sealed class FcodeRegistry(NpgsqlDataSource dataSource)
{
    /// <summary>Records newly issued codes and their <c>issued</c> events with binary COPY, in one transaction.</summary>
    public async Task RecordIssuedAsync(string saleId, IReadOnlyList<NewFcode> codes, string issuedBy, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY fcodes (code, sale_id, owner_id, state, expires_at, issued_at, issued_by, version) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var c in codes)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(c.Code, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(saleId, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(copy, c.OwnerId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync("active", NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(copy, c.ExpiresAt?.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(issuedAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(issuedBy, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(1L, NpgsqlDbType.Bigint, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY fcode_events (event_id, code, kind, actor, to_owner, version, at) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var c in codes)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync($"issued:{c.Code}", NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(c.Code, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync("issued", NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(issuedBy, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(copy, c.OwnerId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(1L, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(issuedAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Applies events delivered at least once and possibly out of order: an event is stored once (by id),
    /// and a code's row only takes the state of an event newer than the version it has.
    /// </summary>
    public async Task ApplyAsync(IReadOnlyCollection<FcodeEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }
        var latest = events.GroupBy(e => e.Code).Select(g => g.MaxBy(e => e.Version)!).ToArray();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(
            """
            INSERT INTO fcode_events (event_id, code, kind, actor, from_owner, to_owner, order_id, version, at)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::timestamptz[])
            ON CONFLICT (event_id) DO NOTHING
            """,
            Texts(events.Select(e => e.EventId)), Texts(events.Select(e => e.Code)), Texts(events.Select(e => e.Kind)),
            Texts(events.Select(e => e.Actor)), Texts(events.Select(e => e.FromOwner)), Texts(events.Select(e => e.ToOwner)),
            Texts(events.Select(e => e.OrderId)), Longs(events.Select(e => e.Version)), Times(events.Select(e => e.At))));
        batch.BatchCommands.Add(Command(
            """
            UPDATE fcodes AS f
            SET owner_id = e.owner, state = e.state, order_id = coalesce(e.order_id, f.order_id), version = e.version
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) AS e(code, owner, state, order_id, version)
            WHERE f.code = e.code AND f.version < e.version
            """,
            Texts(latest.Select(e => e.Code)), Texts(latest.Select(e => e.ToOwner)), Texts(latest.Select(e => e.StateAfter)),
            Texts(latest.Select(e => e.OrderId)), Longs(latest.Select(e => e.Version))));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>How many of the codes PostgreSQL has recorded as redeemed.</summary>
    public async Task<long> CountRedeemedAsync(IReadOnlyCollection<string> codes, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM fcodes WHERE code = ANY($1) AND state = 'redeemed'");
        command.Parameters.Add(Texts(codes));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Deletes codes and their history: only for the start-up rehearsal's codes, which were never real.</summary>
    public async Task DeleteAsync(IReadOnlyCollection<string> codes, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("DELETE FROM fcode_events WHERE code = ANY($1)", Texts(codes)));
        batch.BatchCommands.Add(Command("DELETE FROM fcodes WHERE code = ANY($1)", Texts(codes)));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<FcodeRecord?> FindAsync(string code, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE code = $1", code, cancellationToken)).SingleOrDefault();

    /// <summary>A shopper's codes as PostgreSQL has recorded them (a transfer a moment ago may not show yet).</summary>
    public Task<IReadOnlyList<FcodeRecord>> ListByOwnerAsync(string ownerId, CancellationToken cancellationToken) =>
        QueryAsync("WHERE owner_id = $1 ORDER BY issued_at, code LIMIT 1000", ownerId, cancellationToken);

    public async Task<IReadOnlyList<FcodeEvent>> HistoryAsync(string code, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT event_id, code, kind, actor, from_owner, to_owner, order_id, version, at FROM fcode_events WHERE code = $1 ORDER BY version, at");
        command.Parameters.Add(new NpgsqlParameter { Value = code });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var history = new List<FcodeEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            history.Add(new FcodeEvent(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                NullableText(reader, 4), NullableText(reader, 5), NullableText(reader, 6), reader.GetInt64(7),
                reader.GetFieldValue<DateTimeOffset>(8)));
        }
        return history;
    }

    private async Task<IReadOnlyList<FcodeRecord>> QueryAsync(string where, string value, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT code, sale_id, owner_id, state, expires_at, order_id FROM fcodes {where}");
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<FcodeRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new FcodeRecord(reader.GetString(0), reader.GetString(1), NullableText(reader, 2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4), NullableText(reader, 5)));
        }
        return records;
    }

    private static string? NullableText(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, type, cancellationToken);
}
