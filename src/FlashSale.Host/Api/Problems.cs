using Microsoft.AspNetCore.Http.HttpResults;

namespace FlashSale.Host.Api;

/// <summary>
/// Every error is RFC 9457 problem details with a stable <c>code</c> extension and a matching
/// <c>type</c> (<c>urn:flashsale:problem:{code}</c>); clients branch on the code, never on the title.
/// </summary>
public static class Problems
{
    public const string Validation = "validation";
    public const string SoldOut = "sold_out";
    public const string LimitReached = "limit_reached";
    public const string NotOpen = "not_open";
    public const string Closed = "closed";
    public const string SaleNotFound = "sale_not_found";
    public const string OrderNotFound = "order_not_found";
    public const string Unavailable = "unavailable";
    public const string Forbidden = "forbidden";
    public const string NotRegistered = "not_registered";
    public const string RegistrationClosed = "registration_closed";
    public const string RegistrationNotRequired = "registration_not_required";
    public const string FcodeInvalid = "fcode_invalid";
    public const string FcodeNotFound = "fcode_not_found";
    public const string FcodeNotOwner = "fcode_not_owner";
    public const string FcodeUsed = "fcode_used";
    public const string FcodeRevoked = "fcode_revoked";
    public const string FcodeExpired = "fcode_expired";
    public const string FcodeStockExhausted = "fcode_stock_exhausted";
    public const string TooManyAttempts = "too_many_attempts";
    public const string Busy = "busy";
    public const string TooManyTickets = "too_many_tickets";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string TicketNotFound = "ticket_not_found";
    public const string HoldExpired = "hold_expired";
    public const string AlreadyPaid = "already_paid";

    public static string TypeOf(string code) => $"urn:flashsale:problem:{code}";

    public static ProblemHttpResult Of(int status, string code, string title, string? detail = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: TypeOf(code),
            extensions: new Dictionary<string, object?> { ["code"] = code });

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid.", type: TypeOf(Validation),
            extensions: new Dictionary<string, object?> { ["code"] = Validation });

    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>
    /// For a request sent without its body, or with <c>null</c> as the body. The parameter is optional to the
    /// framework only so that this answers, rather than its own message for developers.
    /// </summary>
    public static ValidationProblem BodyRequired() => Invalid("body", "Required: a JSON object.");

    public static ProblemHttpResult NoSuchSale(string saleId) =>
        Of(StatusCodes.Status404NotFound, SaleNotFound, "No such sale.", $"There is no sale '{saleId}'.");

    /// <summary>The code for errors the framework raises itself (401, 404 for unknown routes, 413, …).</summary>
    public static string CodeFor(int status) => status switch
    {
        400 => Validation,
        401 => "unauthorized",
        403 => Forbidden,
        404 => "not_found",
        405 => "method_not_allowed",
        413 => "payload_too_large",
        414 => "uri_too_long",
        415 => "unsupported_media_type",
        422 => "unprocessable",
        429 => "too_many_requests",
        431 => "headers_too_large",
        503 => Unavailable,
        _ when status >= 500 => "internal",
        _ => "error",
    };
}
