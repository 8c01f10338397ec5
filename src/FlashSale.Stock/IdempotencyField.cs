namespace FlashSale.Stock;

/// <summary>
/// Idempotency keys are scoped to a shopper: two shoppers who pick the same key do not collide.
/// The separator is a control character, which the HTTP edge rejects in both parts.
/// </summary>
public static class IdempotencyField
{
    public const char Separator = '\u001f';

    public static string For(string shopperId, string idempotencyKey) => $"{shopperId}{Separator}{idempotencyKey}";

    /// <summary>The idempotency key a field was made <see cref="For"/>.</summary>
    public static string KeyOf(string field) => field[(field.IndexOf(Separator) + 1)..];
}
