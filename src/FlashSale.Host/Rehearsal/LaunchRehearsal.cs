using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime;
using System.Text.Json;
using FlashSale.Auth;
using FlashSale.Fcodes;
using FlashSale.Fulfillment;
using FlashSale.Host.Api;
using FlashSale.Outbox;
using FlashSale.Stock;
using Microsoft.Extensions.Options;

namespace FlashSale.Host.Rehearsal;

/// <summary>
/// A small launch run against the host's own HTTP API: a sale is created, F-codes issued, shoppers buy and holders
/// redeem in waves until the sale sells out, and the host waits until fulfillment has stored every order and every
/// redemption. Then the sale is forgotten: out of the relays' registry at once, its Redis keys expiring, its rows
/// deleted from PostgreSQL. Every request crosses the same code as a shopper's, so that code is compiled and
/// optimized before a real crowd needs it.
/// </summary>
public sealed class LaunchRehearsal(
    IOptions<AuthOptions> auth,
    IOptions<RehearsalOptions> options,
    IOptions<OutboxRelayOptions> relay,
    StockStore stock,
    FcodeStore liveFcodes,
    OrderReader orders,
    OrderWriter orderWriter,
    FcodeRegistry fcodes,
    TimeProvider clock)
{
    /// <summary>How long the forgotten sale's Redis keys outlive it, for a relay pass or a clock tick that had already started.</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromMinutes(2);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly RehearsalOptions _options = options.Value;

    private readonly TimeSpan _pauseBetweenWaves = options.Value.PauseFor(relay.Value);

    public async Task<RehearsalOutcome> RunAsync(Uri self, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var compiled = JitInfo.GetCompiledMethodCount();
        var run = Guid.NewGuid().ToString("N")[..8];
        var minter = new TokenMinter(auth.Value);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = _options.Concurrency }) { BaseAddress = self };
        var shoppers = Tokens(minter, $"rehearsal-{run}-shopper", _options.Shoppers);
        var holders = Tokens(minter, $"rehearsal-{run}-fan", _options.FcodeHolders);

        var ops = minter.Mint($"rehearsal-{run}-ops", TimeSpan.FromMinutes(10), AuthOptions.OpsRole);
        var saleId = await CreateSaleAsync(http, ops, fcodeUnits: holders.Length, cancellationToken);
        var codes = new List<string>();
        try
        {
            codes.AddRange(await IssueFcodesAsync(http, ops, saleId, holders, cancellationToken));
            var tally = new Tally();
            var purchases = $"/api/v1/sales/{saleId}/purchases";
            var shopperWaves = InWaves(shoppers);
            var holderWaves = InWaves(holders.Zip(codes).ToArray());
            for (var wave = 0; wave < Math.Max(shopperWaves.Length, holderWaves.Length); wave++)
            {
                await Task.WhenAll(
                    ForEachAsync(shopperWaves.ElementAtOrDefault(wave) ?? [], s => tally.BuyAsync(http, purchases, s.Token, cancellationToken), cancellationToken),
                    ForEachAsync(holderWaves.ElementAtOrDefault(wave) ?? [], h => tally.RedeemAsync(http, purchases, h.First.Token, h.Second, cancellationToken), cancellationToken));
                await Task.Delay(_pauseBetweenWaves, clock, cancellationToken);
            }
            await WaitForFulfillmentAsync(saleId, tally, codes, cancellationToken);
            return new RehearsalOutcome(saleId, tally.Sold, tally.SoldOut, tally.Redeemed, Stopwatch.GetElapsedTime(started),
                JitInfo.GetCompiledMethodCount() - compiled);
        }
        finally
        {
            // Even after a failure: the rehearsal's sale must not linger where shoppers, ops or the relays could find it.
            await stock.ForgetSaleAsync(saleId, codes, Linger);
            // After the registry let the sale go (see FcodeStore.UnindexAsync); fields of a hash never expire.
            await liveFcodes.UnindexAsync(codes);
            await orderWriter.DeleteSaleAsync(saleId, CancellationToken.None);
            await fcodes.DeleteAsync(codes, CancellationToken.None);
        }
    }

    private async Task<string> CreateSaleAsync(HttpClient http, string opsToken, int fcodeUnits, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // Open a second ago, by this host's clock, so that Redis's clock has passed the opening too.
        var request = new CreateSaleRequest("rehearsal", "Start-up rehearsal (not for sale)", PerShopperLimit: 1, _options.Units,
            now - TimeSpan.FromSeconds(1), now + TimeSpan.FromMinutes(1), fcodeUnits, PaymentWindowSeconds: 0, RequiresRegistration: false);
        var sale = await SendAsync<JsonElement>(http, "/api/v1/sales", opsToken, request, cancellationToken);
        return sale.GetProperty("saleId").GetString()!;
    }

    private static async Task<IEnumerable<string>> IssueFcodesAsync(
        HttpClient http, string opsToken, string saleId, (string Id, string Token)[] holders, CancellationToken cancellationToken)
    {
        if (holders.Length == 0)
        {
            return [];
        }
        var issued = await SendAsync<IssueFcodesResponse>(http, $"/api/v1/sales/{saleId}/fcodes", opsToken,
            new IssueFcodesRequest(null, [.. holders.Select(h => h.Id)], null), cancellationToken);
        // As stored: the API shows codes grouped for reading.
        return issued.Codes.Select(c => FcodeFormat.Parse(c.Code, out var code) == FcodeParse.Valid
            ? code
            : throw new InvalidOperationException($"The rehearsal was issued {c.Code}, which is not an F-code."));
    }

    /// <summary>Until PostgreSQL holds every order and every redemption: only then has the whole path run.</summary>
    private async Task WaitForFulfillmentAsync(string saleId, Tally tally, IReadOnlyCollection<string> codes, CancellationToken cancellationToken)
    {
        var (orderCount, redeemedCount) = (0L, 0L);
        try
        {
            while ((orderCount = await orders.CountForSaleAsync(saleId, cancellationToken)) < tally.Sold + tally.Redeemed
                || (redeemedCount = await fcodes.CountRedeemedAsync(codes, cancellationToken)) < tally.Redeemed)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), clock, cancellationToken);
            }
        }
        catch (OperationCanceledException e)
        {
            throw new TimeoutException(
                $"Fulfillment had stored {orderCount} of {tally.Sold + tally.Redeemed} orders and {redeemedCount} of {tally.Redeemed} redemptions.", e);
        }
    }

    private T[][] InWaves<T>(T[] items) => [.. items.Chunk(Math.Max(1, (int)Math.Ceiling(items.Length / (double)_options.Waves)))];

    private Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> send, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            async (item, _) => await send(item));

    private static (string Id, string Token)[] Tokens(TokenMinter minter, string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").Select(id => (id, minter.Mint(id, TimeSpan.FromMinutes(10))))];

    private static async Task<T> SendAsync<T>(HttpClient http, string path, string token, object body, CancellationToken cancellationToken)
    {
        using var request = Request(path, token, JsonContent.Create(body, options: Json), idempotencyKey: null);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw Unexpected($"POST {path}", response, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }

    private static HttpRequestMessage Request(string path, string token, HttpContent? content, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null)
        {
            request.Headers.Add(PurchaseEndpoints.IdempotencyKeyHeader, idempotencyKey);
        }
        return request;
    }

    private static InvalidOperationException Unexpected(string request, HttpResponseMessage response, string body) =>
        new($"The rehearsal's {request} was answered {(int)response.StatusCode}: {body}");

    /// <summary>The answers so far. Anything but a unit or a sold-out refusal fails the rehearsal: the engine is not well.</summary>
    private sealed class Tally
    {
        private int _sold, _soldOut, _redeemed;

        public int Sold => Volatile.Read(ref _sold);

        public int SoldOut => Volatile.Read(ref _soldOut);

        public int Redeemed => Volatile.Read(ref _redeemed);

        public async Task BuyAsync(HttpClient http, string path, string token, CancellationToken cancellationToken)
        {
            var won = await PurchaseAsync(http, path, token, code: null, cancellationToken);
            Interlocked.Increment(ref won ? ref _sold : ref _soldOut);
        }

        public async Task RedeemAsync(HttpClient http, string path, string token, string code, CancellationToken cancellationToken)
        {
            if (!await PurchaseAsync(http, path, token, code, cancellationToken))
            {
                throw new InvalidOperationException($"The rehearsal's F-code {code} found its allocation sold out.");
            }
            Interlocked.Increment(ref _redeemed);
        }

        /// <returns>true for a unit, false for sold out.</returns>
        private static async Task<bool> PurchaseAsync(HttpClient http, string path, string token, string? code, CancellationToken cancellationToken)
        {
            var body = code is null ? null : JsonContent.Create(new PurchaseBody(code), options: Json);
            using var request = Request(path, token, body, code is null ? "rehearsal-buy" : "rehearsal-redeem");
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return true;
            }
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.Conflict && problem.Contains($"\"{Problems.SoldOut}\"", StringComparison.Ordinal))
            {
                return false;
            }
            throw Unexpected("purchase", response, problem);
        }
    }
}
