using FlashSale.Stock;

namespace FlashSale.Fcodes;

/// <summary>
/// Finds the sale a code belongs to, for requests that name only the code (a transfer, a revocation, a lookup).
/// Redis first: F-code holders hand their codes on in the last seconds before a launch opens, thousands a second,
/// and a PostgreSQL query for each took a core of the machine the launch was about to sell on. PostgreSQL answers
/// for codes Redis does not list: those of retired sales, and those issued before Redis kept the list.
/// </summary>
public sealed class FcodeLocator(FcodeStore live, FcodeRegistry registry)
{
    public async Task<string?> FindSaleAsync(string code, CancellationToken cancellationToken) =>
        await live.FindSaleAsync(code) ?? (await registry.FindAsync(code, cancellationToken))?.SaleId;
}
