namespace FlashSale.Host.Api;

/// <summary>Bound from <c>FlashSale:Api</c>: how large a request the API reads.</summary>
public sealed class ApiLimitsOptions
{
    public const string Section = "FlashSale:Api";

    /// <summary>
    /// Kestrel itself reads request heads this many times larger than the limits below before it gives up. It
    /// answers what it refuses with an empty 414 or 431 that no middleware can change, so the API's own limits sit
    /// well inside Kestrel's, where the refusal is problem details like every other error.
    /// </summary>
    public const int KestrelHeadroom = 4;

    /// <summary>The largest request body the API reads; endpoints that need more say so (<see cref="BodySizeLimit"/>).</summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024;

    /// <summary>The longest request target (path and query, as sent) answered: Kestrel's own default.</summary>
    public int MaxRequestTargetLength { get; set; } = 8 * 1024;

    /// <summary>The most header text (each field as <c>Name: value</c> and its line break) answered: Kestrel's own default.</summary>
    public int MaxRequestHeadersLength { get; set; } = 32 * 1024;

    /// <summary>The most header fields answered: Kestrel's own default.</summary>
    public int MaxRequestHeaderCount { get; set; } = 100;
}
