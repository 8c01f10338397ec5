using FlashSale.Stock;

namespace FlashSale.Fcodes;

/// <summary>
/// Issues codes: Redis first, so a code is redeemable the moment anyone can know it, then PostgreSQL's
/// record with binary COPY. If recording fails the codes are removed from Redis again; if the process dies
/// in between, the orphans are 60-bit random strings that nobody was ever given.
/// </summary>
public sealed class FcodeIssuer(FcodeStore live, FcodeRegistry registry, TimeProvider clock)
{
    public const int MaxPerRequest = 100_000;

    public async Task<IReadOnlyList<NewFcode>> IssueAsync(
        string saleId, int count, IReadOnlyList<string>? ownerIds, DateTimeOffset? expiresAt, string issuedBy, CancellationToken cancellationToken)
    {
        var codes = new NewFcode[count];
        var unique = new HashSet<string>(count);
        for (var i = 0; i < count; i++)
        {
            string code;
            do
            {
                code = FcodeFormat.Generate();
            }
            while (!unique.Add(code));
            codes[i] = new NewFcode(code, ownerIds?[i], expiresAt);
        }

        await live.LoadAsync(saleId, codes);
        try
        {
            await registry.RecordIssuedAsync(saleId, codes, issuedBy, clock.GetUtcNow(), cancellationToken);
        }
        catch
        {
            await live.DeleteAsync(saleId, codes);
            throw;
        }
        return codes;
    }
}
