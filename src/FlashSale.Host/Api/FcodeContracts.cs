namespace FlashSale.Host.Api;

/// <summary>F-codes to issue: count codes without an owner, or one for each of ownerIds (count may then be left out); each good until expiresAt, if given.</summary>
public sealed record IssueFcodesRequest(int? Count = null, string[]? OwnerIds = null, DateTimeOffset? ExpiresAt = null);

public sealed record IssuedFcode(string Code, string? OwnerId, DateTimeOffset? ExpiresAt);

public sealed record IssueFcodesResponse(string SaleId, int Count, IReadOnlyList<IssuedFcode> Codes);

public sealed record TransferFcodeRequest(string? ToShopperId);

public sealed record FcodeHistoryEntry(string Kind, string Actor, string? FromOwner, string? ToOwner, string? OrderId, DateTimeOffset At);

/// <summary>A code's state (<c>active</c>, <c>redeemed</c>, <c>revoked</c>, <c>expired</c>) and, when asked for one code, its history.</summary>
public sealed record FcodeResponse(
    string Code,
    string SaleId,
    string? OwnerId,
    string State,
    DateTimeOffset? ExpiresAt,
    string? OrderId,
    IReadOnlyList<FcodeHistoryEntry>? History = null);

public sealed record ReleaseFcodeStockResponse(string SaleId, int Moved, SaleResponse Sale);
