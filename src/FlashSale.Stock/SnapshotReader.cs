using FlashSale.Abstractions.Sales;
using StackExchange.Redis;

namespace FlashSale.Stock;

/// <summary>Turns <c>snapshot.lua</c>'s reply (its field order) into a <see cref="SaleSnapshot"/>.</summary>
internal static class SnapshotReader
{
    public static SaleSnapshot Read(RedisValue[] f)
    {
        var sessions = f[22..].Select(ParseSession).ToArray();
        var definition = new SaleDefinition(
            SaleId: f[0]!,
            Sku: f[1]!,
            Name: f[2]!,
            Stock: (int)f[3],
            FcodeStock: (int)f[4],
            PerShopperLimit: (int)f[5],
            StartsAt: sessions[0].StartsAt,
            EndsAt: sessions[^1].EndsAt,
            PaymentWindowSeconds: (int)f[6],
            RequiresRegistration: f[7] == "1")
        {
            Sessions = sessions.Length > 1 ? sessions : [],
            AdmissionWindowMs = (int)f[8],
            AdmissionSeed = (long)f[9],
        };
        var session = (int)f[10];
        var remaining = (int)f[15];
        var held = (int)f[16];
        var now = DateTimeOffset.FromUnixTimeMilliseconds((long)f[20]);
        return new SaleSnapshot(definition, session, OnSale: (int)f[14], remaining, held, Confirmed: (int)f[17], Withdrawn: (int)f[18],
            FcodeRemaining: (int)f[19], Registrations: (long)f[21],
            StateAt(sessions, session, remaining, held, now), now);
    }

    private static SaleSession ParseSession(RedisValue value)
    {
        var parts = ((string)value!).Split(',');
        return new SaleSession(
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[0])),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[1])),
            int.Parse(parts[2]));
    }

    /// <summary>
    /// Between sessions a sale is scheduled again; it is sold out only when nothing remains and no hold could
    /// lapse back into stock.
    /// </summary>
    private static SaleState StateAt(SaleSession[] sessions, int session, int remaining, int held, DateTimeOffset now)
    {
        var current = sessions[session - 1];
        return now < current.StartsAt ? SaleState.Scheduled
            : now >= current.EndsAt ? (session < sessions.Length ? SaleState.Scheduled : SaleState.Closed)
            : remaining <= 0 && held <= 0 ? SaleState.SoldOut
            : SaleState.Open;
    }
}
