using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using FlashSale.Host.Api.Documentation;
using Xunit.Abstractions;

namespace FlashSale.IntegrationTests;

/// <summary>
/// Random requests, most of them malformed, against a running engine on the real servers: whatever arrives, the
/// answer is below 500, and every error is a problem with its code and status. <see cref="BadInputTests"/> lists
/// the cases we thought of; this finds the ones we did not (an owner id with a NUL reached PostgreSQL and came back
/// as a 503; a client accepting only HTML got empty 400s). Every answer an operation gives is also one the API
/// document lists for it, status and code. CsCheck shrinks a failure to a small request and prints the seed that
/// replays it.
/// </summary>
public sealed class ApiFuzzTests(EngineFixture engine, ITestOutputHelper output) : IClassFixture<EngineFixture>, IAsyncLifetime
{
    private string _saleId = "";
    private string _code = "";
    private string _shopper = "";
    private string _ops = "";
    private ApiDocument _document = null!;

    /// <summary>Headers a client acts on, so an answer that carries one must find it in the document.</summary>
    private static readonly string[] DocumentedHeaders = ["Location", "Retry-After"];

    public async Task InitializeAsync()
    {
        var env = engine.Environment;
        _saleId = await env.CreateSaleAsync(engine.Host, stock: 10, fcodeStock: 5);
        _code = (await Fcodes.IssueToAsync(env, engine.Host, _saleId, "fuzz-holder"))[0];
        _shopper = env.ShopperToken("fuzz-holder");
        _ops = env.OpsToken();
        using var client = EngineEnvironment.Client(engine.Host);
        _document = await ApiDocument.LoadAsync(client);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task No_request_gets_a_5xx_and_every_error_is_a_problem()
    {
        // Header values go out as UTF-8, so an Idempotency-Key of any characters reaches the engine.
        using var client = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 })
        {
            BaseAddress = engine.Host.Address,
        };

        await FuzzRequests.Requests.SampleAsync(async request =>
        {
            using var message = request.ToMessage(this);
            using var response = await client.SendAsync(message);

            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(status < 500, $"{status}: {body}");
            if (status >= 400 && request.Method != "HEAD")
            {
                Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{status} as {response.Content.Headers.ContentType}: {body}");
                var problem = JsonDocument.Parse(body).RootElement;
                Assert.Equal(status, problem.GetProperty("status").GetInt32());
                Assert.False(string.IsNullOrEmpty(problem.GetProperty("code").GetString()));
            }
            AssertDocumented(request, status, body, response);
        }, output.WriteLine, iter: 4000, print: FuzzRequest.Print);
    }

    /// <summary>
    /// An answer from an operation is one the document lists for it. Left out: a request sent with another method than
    /// the route's, or with an id that makes another path ("" and "." and ".." drop a segment or two, so that
    /// <c>/fcodes/</c> reaches the list of F-codes); and the statuses any request may get before it reaches an
    /// operation, which the document states once.
    /// </summary>
    private void AssertDocumented(FuzzRequest request, int status, string body, HttpResponseMessage response)
    {
        var route = FuzzRequests.RouteOf(request);
        if (request.Method != route.Method || request.Segment is "" or "." or ".." || ApiDocumentation.AnyRequestStatuses.Contains(status))
        {
            return;
        }
        var code = status >= 400 ? JsonDocument.Parse(body).RootElement.GetProperty("code").GetString() : null;
        if (code is "not_found" or "method_not_allowed")
        {
            return;
        }
        var operation = _document.Find(request.Method, request.Template)
            ?? throw new Xunit.Sdk.XunitException($"{request.Method} {request.Template} is not in the API document.");
        Assert.True(ApiDocument.Documents(operation, status), $"{request.Method} {request.Template} answered {status}, which its document does not list: {body}");
        if (code is not null)
        {
            Assert.Contains(code, ApiDocument.ProblemCodes(operation, status));
        }
        foreach (var header in DocumentedHeaders.Where(response.Headers.Contains))
        {
            Assert.True(ApiDocument.DocumentsHeader(operation, status, header), $"{request.Method} {request.Template} answered {status} with {header}, which its document does not list.");
        }
    }

    /// <summary>The route with its ids filled in, escaped so each stays one path segment or one query value.</summary>
    private string Fill(string template, string? segment) => template
        .Replace("{sale}", Uri.EscapeDataString(segment ?? _saleId), StringComparison.Ordinal)
        .Replace("{code}", Uri.EscapeDataString(segment ?? _code), StringComparison.Ordinal)
        .Replace("{order}", Uri.EscapeDataString(segment ?? $"{_saleId}-1"), StringComparison.Ordinal)
        .Replace("{query}", Uri.EscapeDataString(segment ?? "fuzz-holder"), StringComparison.Ordinal);

    private string? Token(Caller caller) => caller switch
    {
        Caller.Shopper => _shopper,
        Caller.Ops => _ops,
        Caller.Forged => "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl",
        _ => null,
    };

    public enum Caller { Anonymous, Shopper, Ops, Forged }

    /// <param name="Segment">Replaces the route's id (escaped, so it stays one segment); null keeps the real sale, code or order.</param>
    public sealed record FuzzRequest(
        string Method, string Template, string? Segment, string? Body, string? ContentType, string? Accept, string? IdempotencyKey, Caller Caller)
    {
        /// <summary>JSON shows every control character; long bodies are cut so a failure stays readable.</summary>
        public static string Print(FuzzRequest request) =>
            JsonSerializer.Serialize(request with { Body = request.Body is { Length: > 200 } b ? b[..200] + "…" : request.Body });

        public HttpRequestMessage ToMessage(ApiFuzzTests test)
        {
            var message = new HttpRequestMessage(new HttpMethod(Method), test.Fill(Template, Segment));
            if (Body is not null)
            {
                message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
                if (ContentType is not null)
                {
                    message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
                }
            }
            if (test.Token(Caller) is { } token)
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            if (Accept is not null)
            {
                message.Headers.TryAddWithoutValidation("Accept", Accept);
            }
            if (IdempotencyKey is not null)
            {
                message.Headers.TryAddWithoutValidation("Idempotency-Key", IdempotencyKey);
            }
            return message;
        }
    }

    private static class FuzzRequests
    {
        private static readonly (string Method, string Template)[] Routes =
        [
            ("POST", "/api/v1/sales"),
            ("GET", "/api/v1/sales/{sale}"),
            ("POST", "/api/v1/sales/{sale}/purchases"),
            ("POST", "/api/v1/sales/{sale}/registrations"),
            ("POST", "/api/v1/sales/{sale}/fcodes"),
            ("POST", "/api/v1/sales/{sale}/fcode-stock/release"),
            ("GET", "/api/v1/sales/{sale}/tickets/{sale}"),
            ("GET", "/api/v1/fcodes?ownerId={query}"),
            ("GET", "/api/v1/fcodes/{code}"),
            ("POST", "/api/v1/fcodes/{code}/transfer"),
            ("POST", "/api/v1/fcodes/{code}/revoke"),
            ("GET", "/api/v1/orders/{order}"),
            ("POST", "/api/v1/orders/{order}/payment"),
        ];

        public static (string Method, string Template) RouteOf(FuzzRequest request) => Routes.Single(r => r.Template == request.Template);

        private static readonly string[] Fields =
        [
            "sku", "name", "stock", "fcodeStock", "perShopperLimit", "startsAt", "endsAt", "paymentWindowSeconds", "requiresRegistration",
            "sessions", "admissionWindowMs", "admissionSeed", "count", "ownerIds", "expiresAt", "toShopperId", "fcode",
        ];

        /// <summary>The longest stays short enough that two in one path keep within Kestrel's 8 KiB request line.</summary>
        private static readonly Gen<string> Awkward = Gen.OneOf(
            "", " ", "\0", "\u0001", "\n", "é€𝄞", "\ud800", "..", "../..", "a/b", "%", "%zz", "DROP TABLE", "0", "-1", "null",
            "ABCD-EFGH-JKLM-NPQR", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", new string('x', 300), new string('x', 3000));

        /// <summary>Short strings of any character, awkward ones more often.</summary>
        private static readonly Gen<string> Text = Gen.Frequency((3, Awkward), (1, Gen.String[Gen.Char, 0, 12]));

        private static readonly Gen<string?> Segment = Gen.Frequency(
            (2, Gen.Const((string?)null)),
            (2, Text.Select(s => (string?)s)),
            (1, Gen.Guid.Select(g => (string?)g.ToString("N"))));

        /// <summary>
        /// NUL is left out of paths and headers, and CR and LF out of headers: Kestrel refuses such a request itself,
        /// with a bare 400, before the API sees it (and HttpClient will not send a header with a line break).
        /// </summary>
        private static readonly Gen<string?> PathSegment = Segment.Where(s => s?.Contains('\0') != true);

        private static readonly Gen<string> HeaderValue = Awkward.Where(s => s.IndexOfAny(['\0', '\r', '\n']) < 0);

        private static readonly Gen<string> JsonValue = Gen.Frequency(
            (4, Gen.OneOf(
                "null", "\"\"", "-1", "0", "1", "2147483647", "2147483648", "-9223372036854775809", "1e400", "1.5", "true", "[]", "{}",
                "[null]", "\"\\u0000\"", "\"\\ud800\"", "\"2026-13-45\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"",
                "[{\"startsAt\":null,\"endsAt\":1,\"stock\":\"x\"}]", "[\"\",\"a\"]")),
            (1, Text.Select(s => JsonSerializer.Serialize(s))));

        private static readonly Gen<string> Body = Gen.Frequency(
            (6, Gen.Select(Gen.OneOf(Fields), JsonValue).Array[0, 4]
                .Select(fields => "{" + string.Join(",", fields.Select(f => $"\"{f.Item1}\":{f.Item2}")) + "}")),
            (1, Text),
            (1, Gen.OneOf("{\"fcode\": ", "[1,2]", new string('[', 5000) + new string(']', 5000), "{\"a\":" + new string('{', 200))));

        public static readonly Gen<FuzzRequest> Requests =
            from route in Gen.OneOf(Routes)
            from segment in route.Template.Contains("{query}", StringComparison.Ordinal) ? Segment : PathSegment
            from method in Gen.Frequency((9, Gen.Const(route.Method)), (1, Gen.OneOf("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD")))
            from body in Gen.Frequency((1, Gen.Const((string?)null)), (5, Body.Select(b => (string?)b)))
            from contentType in Gen.OneOf<string?>(null, "application/json", "application/json", "application/json", "text/plain", "application/json; charset=utf-16", "application/json; charset=nonsense", "", "multipart/form-data")
            from accept in Gen.OneOf<string?>(null, null, null, "application/json", "text/html", "application/xml", "*/*")
            from key in Gen.Frequency((3, Gen.OneOf<string?>("fuzz-1", "fuzz-2")), (1, HeaderValue.Select(s => (string?)s)), (1, Gen.Const((string?)null)))
            from caller in Gen.Enum<Caller>()
            select new FuzzRequest(method, route.Template, segment, body, contentType, accept, key, caller);
    }
}
