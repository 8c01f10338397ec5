using Npgsql;
using NpgsqlTypes;

namespace FlashSale.Postgres;

/// <summary>
/// Typed array parameters for the <c>unnest($1::text[], …)</c> statements that write a whole batch in one round
/// trip. Typed explicitly, so an array of nulls still binds.
/// </summary>
public static class ArrayParameters
{
    public static NpgsqlParameter Texts(IEnumerable<string?> values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = values.ToArray() };

    public static NpgsqlParameter Longs(IEnumerable<long> values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = values.ToArray() };

    public static NpgsqlParameter Times(IEnumerable<DateTimeOffset> values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, Value = values.Select(v => v.UtcDateTime).ToArray() };

    public static NpgsqlParameter Times(IEnumerable<DateTimeOffset?> values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, Value = values.Select(v => v?.UtcDateTime).ToArray() };
}
