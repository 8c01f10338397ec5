using FlashSale.Abstractions.Sales;

namespace FlashSale.Host.Api;

/// <summary>Rejects sales no operator means to create: the bounds are generous but finite.</summary>
public static class CreateSaleValidator
{
    public const int MaxStock = 10_000_000;
    public const int MaxPerShopperLimit = 100;
    public const int MaxPaymentWindowSeconds = 86_400;
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
        if (r.Stock is not (>= 1 and <= MaxStock))
        {
            Fail("stock", $"Required: 1 to {MaxStock}.");
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
        if (r.StartsAt is not { } starts)
        {
            Fail("startsAt", "Required.");
        }
        else if (starts > now + MaxLeadTime)
        {
            Fail("startsAt", $"At most {MaxLeadTime.TotalDays} days ahead.");
        }
        if (r.EndsAt is not { } ends)
        {
            Fail("endsAt", "Required.");
        }
        else if (ends <= now)
        {
            Fail("endsAt", "Must be in the future.");
        }
        else if (r.StartsAt is { } s && (ends <= s || ends - s > MaxDuration))
        {
            Fail("endsAt", $"Must be after startsAt, by at most {MaxDuration.TotalDays} days.");
        }

        sale = errors.Count > 0 ? null : new SaleDefinition(
            Identifiers.NewSaleId(), r.Sku!, r.Name!, r.Stock!.Value, r.FcodeStock ?? 0, r.PerShopperLimit!.Value,
            r.StartsAt!.Value, r.EndsAt!.Value, r.PaymentWindowSeconds ?? 0, r.RequiresRegistration ?? false);
        return errors;
    }
}
