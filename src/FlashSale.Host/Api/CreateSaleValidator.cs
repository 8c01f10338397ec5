using System.Security.Cryptography;
using FlashSale.Abstractions.Sales;

namespace FlashSale.Host.Api;

/// <summary>Rejects sales no operator means to create: the bounds are generous but finite.</summary>
public static class CreateSaleValidator
{
    public const int MaxStock = 10_000_000;
    public const int MaxPerShopperLimit = 100;
    public const int MaxPaymentWindowSeconds = 86_400;
    public const int MaxSessions = 48;
    public const int MaxAdmissionWindowMs = 600_000;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(31);
    public static readonly TimeSpan MaxLeadTime = TimeSpan.FromDays(366);

    public static Dictionary<string, string[]> Validate(CreateSaleRequest r, DateTimeOffset now, out SaleDefinition? sale)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        if (string.IsNullOrWhiteSpace(r.Sku) || r.Sku.Length > 64 || !r.Sku.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            Fail("sku", "Required: 1 to 64 letters, digits, '-', '_' or '.'.");
        }
        if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > 200 || r.Name.Any(char.IsControl))
        {
            Fail("name", "Required: 1 to 200 characters, no control characters.");
        }
        if (r.FcodeStock is < 0 or > MaxStock)
        {
            Fail("fcodeStock", $"0 to {MaxStock}.");
        }
        if (r.PerShopperLimit is not (>= 1 and <= MaxPerShopperLimit))
        {
            Fail("perShopperLimit", $"Required: 1 to {MaxPerShopperLimit}.");
        }
        if (r.PaymentWindowSeconds is < 0 or > MaxPaymentWindowSeconds)
        {
            Fail("paymentWindowSeconds", $"0 to {MaxPaymentWindowSeconds}.");
        }
        if (r.AdmissionWindowMs is < 0 or > MaxAdmissionWindowMs)
        {
            Fail("admissionWindowMs", $"0 to {MaxAdmissionWindowMs}.");
        }
        var sessions = r.Sessions is null ? ValidateSingleSession(r, Fail) : ValidateSessions(r, Fail);
        if (sessions.Count > 0)
        {
            ValidateSchedule(sessions, now, Fail);
        }

        sale = errors.Count > 0 ? null : new SaleDefinition(
            Identifiers.NewSaleId(), r.Sku!, r.Name!, sessions.Sum(s => s.Stock), r.FcodeStock ?? 0, r.PerShopperLimit!.Value,
            sessions[0].StartsAt, sessions[^1].EndsAt, r.PaymentWindowSeconds ?? 0, r.RequiresRegistration ?? false)
        {
            Sessions = sessions.Count > 1 ? sessions : [],
            AdmissionWindowMs = r.AdmissionWindowMs ?? 0,
            AdmissionSeed = r.AdmissionSeed ?? BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long))),
        };
        return errors;
    }

    private static List<SaleSession> ValidateSingleSession(CreateSaleRequest r, Action<string, string> fail)
    {
        var stock = r.Stock is >= 1 and <= MaxStock ? r.Stock.Value : 0;
        if (stock == 0)
        {
            fail("stock", $"Required: 1 to {MaxStock}.");
        }
        if (r.StartsAt is null)
        {
            fail("startsAt", "Required.");
        }
        if (r.EndsAt is null)
        {
            fail("endsAt", "Required.");
        }
        return stock > 0 && r is { StartsAt: { } starts, EndsAt: { } ends } ? [new SaleSession(starts, ends, stock)] : [];
    }

    private static List<SaleSession> ValidateSessions(CreateSaleRequest r, Action<string, string> fail)
    {
        if (r.Stock is not null || r.StartsAt is not null || r.EndsAt is not null)
        {
            fail("sessions", "Give either sessions or stock, startsAt and endsAt, not both.");
            return [];
        }
        if (r.Sessions!.Count is 0 or > MaxSessions)
        {
            fail("sessions", $"1 to {MaxSessions} sessions.");
            return [];
        }
        var sessions = new List<SaleSession>();
        for (var i = 0; i < r.Sessions.Count; i++)
        {
            if (r.Sessions[i] is not { StartsAt: { } starts, EndsAt: { } ends, Stock: >= 1 and <= MaxStock and var stock })
            {
                fail($"sessions[{i}]", $"Required: startsAt, endsAt and a stock of 1 to {MaxStock}.");
                return [];
            }
            if (i > 0 && starts < sessions[^1].EndsAt)
            {
                fail($"sessions[{i}].startsAt", "Sessions must be in order and must not overlap.");
                return [];
            }
            sessions.Add(new SaleSession(starts, ends, stock));
        }
        return sessions;
    }

    private static void ValidateSchedule(List<SaleSession> sessions, DateTimeOffset now, Action<string, string> fail)
    {
        var (startsAt, endsAt) = sessions.Count == 1 ? ("startsAt", "endsAt") : ("sessions", "sessions");
        if (sessions.Any(s => s.EndsAt <= s.StartsAt))
        {
            fail(endsAt, "Every session must end after it starts.");
        }
        else if (sessions[0].StartsAt > now + MaxLeadTime)
        {
            fail(startsAt, $"At most {MaxLeadTime.TotalDays} days ahead.");
        }
        else if (sessions[^1].EndsAt <= now)
        {
            fail(endsAt, "Must end in the future.");
        }
        else if (sessions[^1].EndsAt - sessions[0].StartsAt > MaxDuration)
        {
            fail(endsAt, $"A sale may last at most {MaxDuration.TotalDays} days.");
        }
        else if (sessions.Sum(s => (long)s.Stock) > MaxStock)
        {
            fail("sessions", $"At most {MaxStock} units over all sessions.");
        }
    }
}
