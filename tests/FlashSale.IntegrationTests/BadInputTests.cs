using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using FlashSale.Auth;
using FlashSale.Fcodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FlashSale.IntegrationTests;

/// <summary>
/// Every kind of bad request gets a 4xx problem-details answer with a stable code, and changes nothing:
/// each case runs against a fresh sale that must keep all its stock and have no order in PostgreSQL.
/// </summary>
public sealed class BadInputTests(EngineFixture engine) : IClassFixture<EngineFixture>, IAsyncLifetime
{
    private const int Stock = 10;
    private const int FcodeStock = 5;
    private string _saleId = "";
    private string _code = "";
    private string _foreignCode = "";

    private EngineEnvironment Env => engine.Environment;

    public async Task InitializeAsync()
    {
        _saleId = await Env.CreateSaleAsync(engine.Host, Stock, fcodeStock: FcodeStock);
        _code = (await Fcodes.IssueToAsync(Env, engine.Host, _saleId, "mallory"))[0];
        var otherSale = await Env.CreateSaleAsync(engine.Host, 1, fcodeStock: 1);
        _foreignCode = (await Fcodes.IssueToAsync(Env, engine.Host, otherSale, "mallory"))[0];
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string> Cases() => [.. BadRequests.Keys];

    private static readonly Dictionary<string, (Func<BadInputTests, HttpRequestMessage> Build, HttpStatusCode Status, string Code)> BadRequests = new()
    {
        ["purchase without a token"] = (t => t.Purchase(token: null), HttpStatusCode.Unauthorized, "unauthorized"),
        ["purchase with a garbage token"] = (t => t.Purchase("not-a-jwt"), HttpStatusCode.Unauthorized, "unauthorized"),
        ["purchase with an unsigned token"] = (t => t.Purchase("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJtYWxsb3J5In0."), HttpStatusCode.Unauthorized, "unauthorized"),
        ["purchase with an expired token"] = (t => t.Purchase(t.ExpiredToken()), HttpStatusCode.Unauthorized, "unauthorized"),
        ["purchase with a token signed by another key"] = (t => t.Purchase(ForeignToken()), HttpStatusCode.Unauthorized, "unauthorized"),
        ["purchase without an Idempotency-Key"] = (t => t.Purchase(t.Shopper, idempotencyKey: null), HttpStatusCode.BadRequest, "validation"),
        ["purchase with an oversized Idempotency-Key"] = (t => t.Purchase(t.Shopper, idempotencyKey: new string('k', 129)), HttpStatusCode.BadRequest, "validation"),
        ["purchase with a space in the Idempotency-Key"] = (t => t.Purchase(t.Shopper, idempotencyKey: "two words"), HttpStatusCode.BadRequest, "validation"),
        ["purchase with an Idempotency-Key that is not UTF-8"] = (t => t.Purchase(t.Shopper, idempotencyKey: "cl\u00e9"), HttpStatusCode.BadRequest, "validation"),
        ["purchase with a body in a charset nobody decodes"] = (t => t.Purchase(t.Shopper, body: Json("{}", charset: "ebcdic")), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type"),
        ["purchase with malformed JSON"] = (t => t.Purchase(t.Shopper, body: Json("{\"fcode\": ")), HttpStatusCode.BadRequest, "validation"),
        ["purchase with a JSON array body"] = (t => t.Purchase(t.Shopper, body: Json("[1,2]")), HttpStatusCode.BadRequest, "validation"),
        ["purchase with a malformed F-code"] = (t => t.Purchase(t.Shopper, body: Json("{\"fcode\":\"ABCD-EFGH\"}")), HttpStatusCode.BadRequest, "fcode_invalid"),
        ["purchase with an oversized body"] = (t => t.Purchase(t.Shopper, body: Json($"{{\"fcode\":\"{new string('x', 100_000)}\"}}")), HttpStatusCode.RequestEntityTooLarge, "payload_too_large"),
        ["purchase from an unknown sale"] = (t => t.Purchase(t.Shopper, saleId: Guid.NewGuid().ToString("N")), HttpStatusCode.NotFound, "sale_not_found"),
        ["purchase from a malformed sale id"] = (t => t.Purchase(t.Shopper, saleId: "../../etc"), HttpStatusCode.NotFound, "not_found"),
        ["purchase from a sale id of the wrong shape"] = (t => t.Purchase(t.Shopper, saleId: "DROP TABLE"), HttpStatusCode.NotFound, "sale_not_found"),
        ["create a sale as a shopper"] = (t => CreateSale(t.Shopper, ValidSale()), HttpStatusCode.Forbidden, "forbidden"),
        ["create a sale without a token"] = (t => CreateSale(null, ValidSale()), HttpStatusCode.Unauthorized, "unauthorized"),
        ["create a sale with malformed JSON"] = (t => CreateSale(t.Ops, "{\"sku\": \"x\", \"stock\": -4"), HttpStatusCode.BadRequest, "validation"),
        ["create a sale with no fields"] = (t => CreateSale(t.Ops, "{}"), HttpStatusCode.BadRequest, "validation"),
        ["create a sale with negative stock"] = (t => CreateSale(t.Ops, ValidSale(stock: -1)), HttpStatusCode.BadRequest, "validation"),
        ["create a sale with absurd stock"] = (t => CreateSale(t.Ops, ValidSale(stock: 1_000_000_000)), HttpStatusCode.BadRequest, "validation"),
        ["create a sale with stock beyond int"] = (t => CreateSale(t.Ops, ValidSale().Replace("\"stock\":5", "\"stock\":99999999999999", StringComparison.Ordinal)), HttpStatusCode.BadRequest, "validation"),
        ["create a sale with a string for stock"] = (t => CreateSale(t.Ops, ValidSale().Replace("\"stock\":5", "\"stock\":\"five\"", StringComparison.Ordinal)), HttpStatusCode.BadRequest, "validation"),
        ["create a sale with a property given twice"] = (t => CreateSale(t.Ops, ValidSale().Replace("\"stock\":5", "\"stock\":5,\"Stock\":500", StringComparison.Ordinal)), HttpStatusCode.BadRequest, "validation"),
        ["create a sale with a misspelt optional property"] = (t => CreateSale(t.Ops, ValidSale().Replace("\"stock\":5", "\"stock\":5,\"admisionWindowMs\":500", StringComparison.Ordinal)), HttpStatusCode.BadRequest, "validation"),
        ["create a sale with a zero limit"] = (t => CreateSale(t.Ops, ValidSale(limit: 0)), HttpStatusCode.BadRequest, "validation"),
        ["create a sale that ends before it starts"] = (t => CreateSale(t.Ops, ValidSale(endsInHours: -2)), HttpStatusCode.BadRequest, "validation"),
        ["create a sale with a negative payment window"] = (t => CreateSale(t.Ops, ValidSale(paymentWindow: -5)), HttpStatusCode.BadRequest, "validation"),
        ["create a sale as form data"] = (t => CreateSale(t.Ops, ValidSale(), "application/x-www-form-urlencoded"), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type"),
        ["redeem an F-code with a typo"] = (t => t.Purchase(t.Shopper, body: Json($"{{\"fcode\":\"{Typo(t._code)}\"}}")), HttpStatusCode.BadRequest, "fcode_invalid"),
        ["redeem another sale's F-code"] = (t => t.Purchase(t.Shopper, body: Json($"{{\"fcode\":\"{t._foreignCode}\"}}")), HttpStatusCode.BadRequest, "fcode_invalid"),
        ["redeem someone else's F-code"] = (t => t.Purchase(t.Env.ShopperToken("eve"), body: Json($"{{\"fcode\":\"{t._code}\"}}")), HttpStatusCode.Forbidden, "fcode_not_owner"),
        ["redeem an F-code given as a number"] = (t => t.Purchase(t.Shopper, body: Json("{\"fcode\": 12345}")), HttpStatusCode.BadRequest, "validation"),
        ["issue F-codes as a shopper"] = (t => Post($"/api/v1/sales/{t._saleId}/fcodes", t.Shopper, "{\"count\":5}"), HttpStatusCode.Forbidden, "forbidden"),
        ["issue no F-codes"] = (t => Post($"/api/v1/sales/{t._saleId}/fcodes", t.Ops, "{\"count\":0}"), HttpStatusCode.BadRequest, "validation"),
        ["issue too many F-codes at once"] = (t => Post($"/api/v1/sales/{t._saleId}/fcodes", t.Ops, "{\"count\":100001}"), HttpStatusCode.BadRequest, "validation"),
        ["issue F-codes with fewer owners than codes"] = (t => Post($"/api/v1/sales/{t._saleId}/fcodes", t.Ops, "{\"count\":3,\"ownerIds\":[\"a\"]}"), HttpStatusCode.BadRequest, "validation"),
        ["issue F-codes to an empty owner"] = (t => Post($"/api/v1/sales/{t._saleId}/fcodes", t.Ops, "{\"ownerIds\":[\"\"]}"), HttpStatusCode.BadRequest, "validation"),
        ["issue F-codes that have already expired"] = (t => Post($"/api/v1/sales/{t._saleId}/fcodes", t.Ops, "{\"count\":1,\"expiresAt\":\"2001-01-01T00:00:00Z\"}"), HttpStatusCode.BadRequest, "validation"),
        ["issue F-codes for an unknown sale"] = (t => Post($"/api/v1/sales/{Guid.NewGuid():N}/fcodes", t.Ops, "{\"count\":1}"), HttpStatusCode.NotFound, "sale_not_found"),
        ["issue F-codes without a body"] = (t => Post($"/api/v1/sales/{t._saleId}/fcodes", t.Ops, ""), HttpStatusCode.BadRequest, "validation"),
        ["issue F-codes with a null body"] = (t => Post($"/api/v1/sales/{t._saleId}/fcodes", t.Ops, "null"), HttpStatusCode.BadRequest, "validation"),
        ["transfer an F-code without a body"] = (t => Post($"/api/v1/fcodes/{t._code}/transfer", t.Shopper, ""), HttpStatusCode.BadRequest, "validation"),
        ["transfer an F-code to nobody"] = (t => Post($"/api/v1/fcodes/{t._code}/transfer", t.Shopper, "{}"), HttpStatusCode.BadRequest, "validation"),
        ["transfer an F-code with a typo"] = (t => Post($"/api/v1/fcodes/{Typo(t._code)}/transfer", t.Shopper, "{\"toShopperId\":\"eve\"}"), HttpStatusCode.BadRequest, "fcode_invalid"),
        ["transfer an F-code nobody issued"] = (t => Post($"/api/v1/fcodes/{FcodeFormat.Generate()}/transfer", t.Shopper, "{\"toShopperId\":\"eve\"}"), HttpStatusCode.NotFound, "fcode_not_found"),
        ["transfer someone else's F-code"] = (t => Post($"/api/v1/fcodes/{t._code}/transfer", t.Env.ShopperToken("eve"), "{\"toShopperId\":\"eve\"}"), HttpStatusCode.Forbidden, "fcode_not_owner"),
        ["revoke an F-code as a shopper"] = (t => Post($"/api/v1/fcodes/{t._code}/revoke", t.Shopper, "{}"), HttpStatusCode.Forbidden, "forbidden"),
        ["look up a malformed F-code"] = (t => Get("/api/v1/fcodes/not-a-code", t.Shopper), HttpStatusCode.BadRequest, "fcode_invalid"),
        ["look up someone else's F-code"] = (t => Get($"/api/v1/fcodes/{t._code}", t.Env.ShopperToken("eve")), HttpStatusCode.NotFound, "fcode_not_found"),
        ["list the F-codes of an owner with a NUL in the id"] = (t => Get("/api/v1/fcodes?ownerId=a%00b", t.Ops), HttpStatusCode.BadRequest, "validation"),
        ["release F-code stock of a blank sale id"] = (t => Post("/api/v1/sales/%20/fcode-stock/release", t.Ops, "{}"), HttpStatusCode.NotFound, "sale_not_found"),
        ["purchase with malformed JSON from a client that accepts only HTML"] = (t => Accepting("text/html", t.Purchase(t.Shopper, body: Json("{\"fcode\": "))), HttpStatusCode.BadRequest, "validation"),
        ["a wrong method from a client that accepts only XML"] = (t => Accepting("application/xml", new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/sales/{t._saleId}")), HttpStatusCode.MethodNotAllowed, "method_not_allowed"),
        ["list the F-codes of two owners at once"] = (t => Get("/api/v1/fcodes?ownerId=mallory&ownerId=eve", t.Ops), HttpStatusCode.BadRequest, "validation"),
        ["list someone else's F-codes"] = (t => Get("/api/v1/fcodes?ownerId=mallory", t.Env.ShopperToken("eve")), HttpStatusCode.Forbidden, "forbidden"),
        ["release F-code stock as a shopper"] = (t => Post($"/api/v1/sales/{t._saleId}/fcode-stock/release", t.Shopper, "{}"), HttpStatusCode.Forbidden, "forbidden"),
        ["release F-code stock of an unknown sale"] = (t => Post($"/api/v1/sales/{Guid.NewGuid():N}/fcode-stock/release", t.Ops, "{}"), HttpStatusCode.NotFound, "sale_not_found"),
        ["register without a token"] = (t => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sales/{t._saleId}/registrations"), HttpStatusCode.Unauthorized, "unauthorized"),
        ["register for a sale open to everyone"] = (t => Post($"/api/v1/sales/{t._saleId}/registrations", t.Shopper, "{}"), HttpStatusCode.Conflict, "registration_not_required"),
        ["register for an unknown sale"] = (t => Post($"/api/v1/sales/{Guid.NewGuid():N}/registrations", t.Shopper, "{}"), HttpStatusCode.NotFound, "sale_not_found"),
        ["create a sale with a string for requiresRegistration"] = (t => CreateSale(t.Ops, ValidSale().Replace("\"stock\":5", "\"stock\":5,\"requiresRegistration\":\"yes\"", StringComparison.Ordinal)), HttpStatusCode.BadRequest, "validation"),
        ["read an unknown sale"] = (t => Get($"/api/v1/sales/{Guid.NewGuid():N}", null), HttpStatusCode.NotFound, "sale_not_found"),
        ["read an unknown order"] = (t => Get($"/api/v1/orders/{t._saleId}-999", t.Shopper), HttpStatusCode.NotFound, "order_not_found"),
        ["read a malformed order id"] = (t => Get("/api/v1/orders/nonsense", t.Shopper), HttpStatusCode.NotFound, "order_not_found"),
        ["read an order without a token"] = (t => Get($"/api/v1/orders/{t._saleId}-1", null), HttpStatusCode.Unauthorized, "unauthorized"),
        ["read an unknown ticket"] = (t => Get($"/api/v1/sales/{t._saleId}/tickets/{Guid.NewGuid():N}", t.Shopper), HttpStatusCode.NotFound, "ticket_not_found"),
        ["read a malformed ticket id"] = (t => Get($"/api/v1/sales/{t._saleId}/tickets/NOT-A-TICKET", t.Shopper), HttpStatusCode.NotFound, "ticket_not_found"),
        ["read a ticket of an unknown sale"] = (t => Get($"/api/v1/sales/{Guid.NewGuid():N}/tickets/{Guid.NewGuid():N}", t.Shopper), HttpStatusCode.NotFound, "ticket_not_found"),
        ["read a ticket without a token"] = (t => Get($"/api/v1/sales/{t._saleId}/tickets/{Guid.NewGuid():N}", null), HttpStatusCode.Unauthorized, "unauthorized"),
        ["pay for an unknown order"] = (t => Post($"/api/v1/orders/{t._saleId}-999/payment", t.Shopper, "{}"), HttpStatusCode.NotFound, "order_not_found"),
        ["pay for a malformed order id"] = (t => Post("/api/v1/orders/nonsense/payment", t.Shopper, "{}"), HttpStatusCode.NotFound, "order_not_found"),
        ["pay without a token"] = (t => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{t._saleId}-1/payment"), HttpStatusCode.Unauthorized, "unauthorized"),
        ["create a sale with both sessions and a stock"] = (t => CreateSale(t.Ops, ValidSale().Replace("\"stock\":5", "\"stock\":5,\"sessions\":[]", StringComparison.Ordinal)), HttpStatusCode.BadRequest, "validation"),
        ["create a sale with overlapping sessions"] = (t => CreateSale(t.Ops, Sessions((0, 2, 5), (1, 3, 5))), HttpStatusCode.BadRequest, "validation"),
        ["create a sale with a session that ends before it starts"] = (t => CreateSale(t.Ops, Sessions((2, 1, 5))), HttpStatusCode.BadRequest, "validation"),
        ["create a sale with a session without stock"] = (t => CreateSale(t.Ops, Sessions((0, 1, 0))), HttpStatusCode.BadRequest, "validation"),
        ["create a sale with a null session"] = (t => CreateSale(t.Ops, "{\"sku\":\"x\",\"name\":\"x\",\"perShopperLimit\":1,\"sessions\":[null]}"), HttpStatusCode.BadRequest, "validation"),
        ["create a sale with a negative admission window"] = (t => CreateSale(t.Ops, ValidSale().Replace("\"stock\":5", "\"stock\":5,\"admissionWindowMs\":-1", StringComparison.Ordinal)), HttpStatusCode.BadRequest, "validation"),
        ["purchase from a sale id longer than the API reads"] = (t => t.Purchase(t.Shopper, saleId: new string('a', 9_000)), HttpStatusCode.RequestUriTooLong, "uri_too_long"),
        ["read a sale with a query longer than the API reads"] = (t => Get($"/api/v1/sales/{t._saleId}?pad={new string('a', 20_000)}", null), HttpStatusCode.RequestUriTooLong, "uri_too_long"),
        ["purchase with more header text than the API reads"] = (t => Padded(t.Purchase(t.Shopper), 40_000), HttpStatusCode.RequestHeaderFieldsTooLarge, "headers_too_large"),
        ["purchase with headers that add up to more than the API reads"] = (t => Padded(t.Purchase(t.Shopper), 800, count: 50), HttpStatusCode.RequestHeaderFieldsTooLarge, "headers_too_large"),
        ["purchase with more headers than the API reads"] = (t => Padded(t.Purchase(t.Shopper), 1, count: 120), HttpStatusCode.RequestHeaderFieldsTooLarge, "headers_too_large"),
        ["an unknown route"] = (t => Get("/api/v1/nothing-here", null), HttpStatusCode.NotFound, "not_found"),
        ["post to the metrics scrape"] = (t => new HttpRequestMessage(HttpMethod.Post, "/metrics"), HttpStatusCode.MethodNotAllowed, "method_not_allowed"),
        ["a wrong method"] = (t => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/sales/{t._saleId}"), HttpStatusCode.MethodNotAllowed, "method_not_allowed"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_a_4xx_problem_and_changes_nothing(string name)
    {
        var (build, status, code) = BadRequests[name];
        using var client = EngineEnvironment.Client(engine.Host);
        using var request = build(this);

        using var response = await client.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());

        var sale = await EngineEnvironment.GetSaleAsync(engine.Host, _saleId);
        Assert.Equal(Stock, sale.GetProperty("remaining").GetInt32());
        Assert.Equal(FcodeStock, sale.GetProperty("fcodeRemaining").GetInt32());
        Assert.Equal(0, (await Env.StoredOrdersAsync(_saleId)).Count);
        var fcode = (await Fcodes.GetAsync(engine.Host, Env.OpsToken(), _code)).Body;
        Assert.Equal(("mallory", "active"), (fcode.GetProperty("ownerId").GetString(), fcode.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task A_refused_token_is_challenged_as_invalid_and_a_missing_one_plainly()
    {
        using var client = EngineEnvironment.Client(engine.Host);
        using var garbage = Purchase("not-a-jwt");
        using var none = Purchase(token: null);

        using var refused = await client.SendAsync(garbage);
        using var missing = await client.SendAsync(none);

        Assert.Equal("Bearer error=\"invalid_token\"", refused.Headers.WwwAuthenticate.ToString());
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("{\"sku\":\"x\",\"stock\":\"five\"}", "stock", "Expected a whole number from -2147483648 to 2147483647. (line 1, byte ")]
    [InlineData("{\"sku\":\"x\",\"stock\":\"12\"}", "stock", "Expected a whole number from -2147483648 to 2147483647. (line 1, byte ")]
    [InlineData("{\"sku\":\"x\",\"SKU\":\"y\"}", "SKU", "Given more than once.")]
    [InlineData("{\"sku\":\"x\",\"sessions\":[{\"stok\":5}]}", "sessions[0].stok", "Not a property this request takes.")]
    [InlineData("[]", "body", "Expected an object. (line 1, byte ")]
    [InlineData("{\"sku\":5}", "sku", "Expected a string. (line 1, byte ")]
    [InlineData("{\"sessions\":{}}", "sessions", "Expected an array. (line 1, byte ")]
    [InlineData("{\"sessions\":[{\"stock\":true}]}", "sessions[0].stock", "Expected a whole number from")]
    [InlineData("{\"startsAt\":\"noon\"}", "startsAt", "Expected a date and time in ISO 8601 form, such as")]
    [InlineData("{\"requiresRegistration\":\"yes\"}", "requiresRegistration", "Expected true or false.")]
    [InlineData("{\"admissionSeed\":1e400}", "admissionSeed", "Expected a whole number from -9223372036854775808 to")]
    [InlineData("null", "body", "Required: a JSON object.")]
    [InlineData("", "body", "Required: a JSON object.")]
    [InlineData("{\"sku\":\"x\",\"a.b\":1}", "['a.b']", "Not a property this request takes.")]
    [InlineData("{\"sku\": x}", "sku", "'x' is an invalid start of a value.")]
    public async Task A_body_the_API_cannot_read_is_refused_naming_the_field_at_fault(string body, string field, string said)
    {
        using var client = EngineEnvironment.Client(engine.Host);
        using var request = CreateSale(Ops, body);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        var fault = Assert.Single(errors.EnumerateObject());
        Assert.Equal(field, fault.Name);
        Assert.Contains(said, fault.Value[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_sent_as_another_media_type_is_told_to_send_JSON()
    {
        using var client = EngineEnvironment.Client(engine.Host);
        using var request = CreateSale(Ops, ValidSale(), "text/plain");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Send the body as JSON, with Content-Type: application/json.", problem.GetProperty("detail").GetString());
    }

    /// <summary>
    /// Two <c>Idempotency-Key</c> fields: HttpClient joins a header's values into one line, so they go out over a
    /// bare socket. Bound as one string they would be the key "key-1,key-2"; the purchase is refused instead.
    /// </summary>
    [Fact]
    public async Task A_purchase_with_two_idempotency_keys_is_refused_and_changes_nothing()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(engine.Host.Address.Host, engine.Host.Address.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/v1/sales/{_saleId}/purchases HTTP/1.1\r\nHost: {engine.Host.Address.Authority}\r\n" +
            $"Authorization: Bearer {Shopper}\r\nIdempotency-Key: key-1\r\nIdempotency-Key: key-2\r\n" +
            "Content-Length: 0\r\nConnection: close\r\n\r\n";

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var answer = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 400 ", answer, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", answer, StringComparison.Ordinal);
        Assert.Contains("\"errors\":{\"Idempotency-Key\"", answer, StringComparison.Ordinal);
        var sale = await EngineEnvironment.GetSaleAsync(engine.Host, _saleId);
        Assert.Equal(Stock, sale.GetProperty("remaining").GetInt32());
    }

    private string Shopper => Env.ShopperToken("mallory");

    private string Ops => Env.OpsToken();

    private HttpRequestMessage Purchase(string? token, string? idempotencyKey = "key-1", HttpContent? body = null, string? saleId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sales/{saleId ?? _saleId}/purchases") { Content = body };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }
        return request;
    }

    private static HttpRequestMessage CreateSale(string? token, string body, string mediaType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sales") { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return request;
    }

    private static HttpRequestMessage Get(string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return request;
    }

    private static HttpRequestMessage Padded(HttpRequestMessage request, int length, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            request.Headers.TryAddWithoutValidation($"X-Padding-{i}", new string('p', length));
        }
        return request;
    }

    /// <summary>The API answers in JSON whatever the client says it accepts.</summary>
    private static HttpRequestMessage Accepting(string mediaType, HttpRequestMessage request)
    {
        request.Headers.Accept.ParseAdd(mediaType);
        return request;
    }

    private static StringContent Json(string body, string? charset = null)
    {
        var content = new StringContent(body, Encoding.UTF8, "application/json");
        if (charset is not null)
        {
            content.Headers.ContentType!.CharSet = charset;
        }
        return content;
    }

    private static HttpRequestMessage Post(string path, string token, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>The code with its last payload character changed: a typo the check character must catch.</summary>
    private static string Typo(string displayed)
    {
        var chars = displayed.ToCharArray();
        var i = displayed.Length - 3;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        return new string(chars);
    }

    /// <summary>A sale of sessions given as (starts in hours, ends in hours, stock).</summary>
    private static string Sessions(params (int StartsIn, int EndsIn, int Stock)[] sessions)
    {
        var now = DateTimeOffset.UtcNow;
        return JsonSerializer.Serialize(new
        {
            sku = "mi-3",
            name = "Mi 3",
            perShopperLimit = 1,
            sessions = sessions.Select(x => new { startsAt = now.AddHours(x.StartsIn), endsAt = now.AddHours(x.EndsIn), stock = x.Stock }),
        });
    }

    private static string ValidSale(int stock = 5, int limit = 1, int endsInHours = 1, int paymentWindow = 0)
    {
        var now = DateTimeOffset.UtcNow;
        return JsonSerializer.Serialize(new
        {
            sku = "bad-input",
            name = "Bad input",
            stock,
            fcodeStock = 0,
            perShopperLimit = limit,
            startsAt = now,
            endsAt = now.AddHours(endsInHours),
            paymentWindowSeconds = paymentWindow,
        });
    }

    private string ExpiredToken() => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Subject = new ClaimsIdentity([new Claim(AuthOptions.SubjectClaim, "mallory")]),
        Issuer = "flashsale",
        Audience = "flashsale",
        IssuedAt = DateTime.UtcNow.AddHours(-2),
        NotBefore = DateTime.UtcNow.AddHours(-2),
        Expires = DateTime.UtcNow.AddHours(-1),
        SigningCredentials = new SigningCredentials(Env.Auth.CreateKey(), SecurityAlgorithms.HmacSha256),
    });

    private static string ForeignToken() =>
        new TokenMinter(new AuthOptions { SigningKey = "some-other-deployment-key-of-sufficient-length" }).Mint("mallory", TimeSpan.FromHours(1));
}
