namespace FlashSale.LoadTests.Scenarios;

/// <summary>
/// A launch to replay: the sale (its general stock, whether it requires registration) and every event, sorted by
/// time. <see cref="Registrants"/> register in bulk before the clock starts; recorded <c>register</c> events
/// are replayed on schedule instead.
/// </summary>
public sealed record LaunchPlan(string Name, int Units, bool RequiresRegistration, IReadOnlyList<string> Registrants, IReadOnlyList<LaunchEvent> Events)
{
    /// <summary>Shoppers F-codes are issued to before the clock starts: everyone whose code is redeemed or transferred.</summary>
    public IReadOnlyList<string> FcodeOwners { get; } =
        [.. Events.Where(e => e.Action is LaunchEvent.Redeem or LaunchEvent.Transfer).Select(e => e.CodeOwner).Distinct(StringComparer.Ordinal)];

    /// <summary>Everyone who needs a token.</summary>
    public IReadOnlyList<string> Shoppers { get; } =
        [.. Registrants.Concat(Events.Select(e => e.Shopper)).Distinct(StringComparer.Ordinal)];

    /// <summary>How long before opening the first recorded event happens.</summary>
    public TimeSpan Lead { get; } = TimeSpan.FromSeconds(Math.Max(0, -Events.Select(e => e.At).DefaultIfEmpty(0).Min()));
}
