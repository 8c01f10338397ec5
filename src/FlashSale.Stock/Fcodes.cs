namespace FlashSale.Stock;

/// <summary>A code about to be issued.</summary>
public sealed record NewFcode(string Code, string? OwnerId, DateTimeOffset? ExpiresAt);

/// <summary>A code as Redis, the authority for its state, sees it now.</summary>
public sealed record FcodeLiveState(string Code, string SaleId, string? OwnerId, string State, DateTimeOffset? ExpiresAt, string? OrderId, long Version);

public enum FcodeChangeOutcome
{
    Changed,
    Invalid,
    NotOwner,
    Used,
    Revoked,
    Expired,
}

/// <param name="RequiredOwner">The shopper asking, who must own the code; null when ops ask.</param>
public sealed record FcodeChange(string Code, string? RequiredOwner, string Actor, string? NewOwner)
{
    public static FcodeChange Transfer(string code, string? requiredOwner, string actor, string newOwner) => new(code, requiredOwner, actor, newOwner);

    public static FcodeChange Revoke(string code, string actor) => new(code, null, actor, null);
}
