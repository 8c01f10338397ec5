using Microsoft.AspNetCore.Http.Metadata;

namespace FlashSale.Host.Api;

/// <summary>Endpoint metadata raising the request body limit above the API-wide default for one endpoint.</summary>
public sealed record BodySizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
