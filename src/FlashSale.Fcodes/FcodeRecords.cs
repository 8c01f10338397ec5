namespace FlashSale.Fcodes;

/// <summary>What PostgreSQL has recorded of a code; who issued it and when is in its history.</summary>
public sealed record FcodeRecord(string Code, string SaleId, string? OwnerId, string State, DateTimeOffset? ExpiresAt, string? OrderId);

/// <summary>One line of a code's history: issued, transferred, redeemed or revoked.</summary>
public sealed record FcodeEvent(string EventId, string Code, string Kind, string Actor, string? FromOwner, string? ToOwner, string? OrderId, long Version, DateTimeOffset At)
{
    /// <summary>The state a code is in right after this event.</summary>
    public string StateAfter => Kind switch
    {
        "revoked" => "revoked",
        "redeemed" => "redeemed",
        _ => "active",
    };
}
