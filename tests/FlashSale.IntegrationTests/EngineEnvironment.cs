using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlashSale.Abstractions.Messages;
using FlashSale.Auth;
using FlashSale.Testing;
using MassTransit;
using Npgsql;
using RabbitMQ.Client;

namespace FlashSale.IntegrationTests;

/// <summary>
/// The corner of the real servers one test class works in: its own database, Redis key prefix, broker
/// entity prefix and signing key. Hosts started from it share all of these, as a deployment's hosts do.
/// </summary>
public sealed class EngineEnvironment : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ServerEndpoints _servers;
    private readonly TestDatabase _database;
    private readonly List<FlashSaleApp> _hosts = [];

    private EngineEnvironment(ServerEndpoints servers, TestDatabase database)
    {
        _servers = servers;
        _database = database;
        var prefix = RedisKeys.NewPrefix();
        var auth = new AuthOptions { SigningKey = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + "-integration-tests" };
        Auth = auth;
        Tokens = new TokenMinter(auth);
        Orders = NpgsqlDataSource.Create(database.ConnectionString);
        PostgresConnectionString = database.ConnectionString;
        RedisConfiguration = servers.RedisConfiguration;
        KeyPrefix = prefix;
        Settings = new Dictionary<string, string?>
        {
            ["FlashSale:Redis:Configuration"] = servers.RedisConfiguration,
            ["FlashSale:Redis:KeyPrefix"] = prefix,
            ["FlashSale:Postgres:ConnectionString"] = database.ConnectionString,
            ["FlashSale:RabbitMq:Host"] = servers.RabbitHost,
            ["FlashSale:RabbitMq:Port"] = servers.RabbitPort.ToString(),
            ["FlashSale:RabbitMq:Username"] = servers.RabbitUsername,
            ["FlashSale:RabbitMq:Password"] = servers.RabbitPassword,
            ["FlashSale:RabbitMq:EntityPrefix"] = EntityPrefix(prefix),
            ["FlashSale:RabbitMq:TemporaryEndpoints"] = "true",
            ["FlashSale:Orleans:ClusterId"] = prefix,
            ["FlashSale:Orleans:ServiceId"] = prefix,
            ["FlashSale:Auth:SigningKey"] = auth.SigningKey,
            // Tests count what they sell; RehearsalTests turns the rehearsal on where it is the subject.
            ["FlashSale:Rehearsal:Enabled"] = "false",
        };
    }

    public Dictionary<string, string?> Settings { get; }

    public TokenMinter Tokens { get; }

    /// <summary>The signing settings every host of this environment validates tokens with.</summary>
    public AuthOptions Auth { get; }

    /// <summary>Direct access to fulfillment's tables, for checking what landed.</summary>
    public NpgsqlDataSource Orders { get; }

    public string RedisConfiguration { get; }

    public string PostgresConnectionString { get; }

    public string KeyPrefix { get; }

    /// <param name="redisConfiguration">A Redis of the test's own (<see cref="ScratchRedis"/>) instead of the shared one.</param>
    public static async Task<EngineEnvironment> CreateAsync(string? redisConfiguration = null)
    {
        var servers = await TestServers.GetAsync();
        var database = await TestDatabase.CreateAsync(servers);
        return new EngineEnvironment(redisConfiguration is null ? servers : servers with { RedisConfiguration = redisConfiguration }, database);
    }

    public FlashSaleApp StartHost(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>(Settings);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var host = new FlashSaleApp(settings);
        host.StartServer();
        _hosts.Add(host);
        return host;
    }

    /// <summary>A client of its own connection pool, bounded so thousands of requests queue rather than exhaust ports.</summary>
    public static HttpClient Client(FlashSaleApp host, string? token = null)
    {
        // Header text goes out as Latin-1 bytes, as a careless client's would: the bad-input tests send values that
        // are not UTF-8 that way. ASCII, all the other tests send, is the same bytes either way.
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1 };
        var client = new HttpClient(handler) { BaseAddress = host.Address };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public string ShopperToken(string shopperId) => Tokens.Mint(shopperId, TimeSpan.FromHours(1));

    public string OpsToken() => Tokens.Mint("ops-tester", TimeSpan.FromHours(1), AuthOptions.OpsRole);

    public Task<string> CreateSaleAsync(
        FlashSaleApp host, int stock, int perShopperLimit = 1, int fcodeStock = 0, TimeSpan? startsIn = null, bool requiresRegistration = false)
    {
        var now = DateTimeOffset.UtcNow;
        return CreateSaleAsync(host, new
        {
            sku = "redmi-note",
            name = "Redmi Note",
            stock,
            fcodeStock,
            perShopperLimit,
            startsAt = now + (startsIn ?? TimeSpan.FromMinutes(-1)),
            endsAt = now.AddHours(1),
            paymentWindowSeconds = 0,
            requiresRegistration,
        });
    }

    /// <summary>Creates a sale from a raw <c>POST /api/v1/sales</c> body.</summary>
    public async Task<string> CreateSaleAsync(FlashSaleApp host, object sale)
    {
        using var ops = Client(host, OpsToken());
        using var response = await ops.PostAsJsonAsync("/api/v1/sales", sale);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        return body.GetProperty("saleId").GetString()!;
    }

    /// <summary><c>GET /health</c>: its status code, the overall status, the engine's build and each check's status by name.</summary>
    public static async Task<HealthReply> GetHealthAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health");
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return new HealthReply(response.StatusCode, report.GetProperty("status").GetString(), report.GetProperty("version").GetString(),
            report.GetProperty("checks").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetProperty("status").GetString()));
    }

    public static async Task<JsonElement> GetSaleAsync(FlashSaleApp host, string saleId)
    {
        using var client = Client(host);
        return await client.GetFromJsonAsync<JsonElement>($"/api/v1/sales/{saleId}", Json);
    }

    /// <summary>Waits (bounded) until fulfillment has stored <paramref name="expected"/> orders of the sale.</summary>
    public Task<StoredOrders> WaitForOrdersAsync(string saleId, int expected, TimeSpan? timeout = null) =>
        Waiting.ReadUntilAsync(() => StoredOrdersAsync(saleId), stored => stored.Count >= expected, timeout ?? TimeSpan.FromSeconds(60));

    /// <summary>The order ids fulfillment recorded as lapsed holds.</summary>
    public async Task<IReadOnlyList<string>> LapsedHoldsAsync(string saleId)
    {
        await using var command = Orders.CreateCommand("SELECT order_id FROM lapsed_holds WHERE sale_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = saleId });
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    public async Task<StoredOrders> StoredOrdersAsync(string saleId)
    {
        await using var command = Orders.CreateCommand("SELECT order_id, shopper_id FROM orders WHERE sale_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = saleId });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string OrderId, string ShopperId)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }
        return new StoredOrders(rows);
    }

    private static string EntityPrefix(string keyPrefix) => keyPrefix + ".";

    /// <summary>
    /// Deletes the exchanges MassTransit declared for the relay's messages, named as the engine names them (RabbitMQ's
    /// default names behind the entity prefix). The queues bound to them delete themselves (TemporaryEndpoints); these
    /// would stay in the broker, four for every test class and run. Deleting one never declared is no error.
    /// </summary>
    private async Task DeleteMessageExchangesAsync()
    {
        var names = new PrefixEntityNameFormatter(RabbitMqBusFactory.CreateMessageTopology().EntityNameFormatter, EntityPrefix(KeyPrefix));
        var broker = new ConnectionFactory
        {
            HostName = _servers.RabbitHost,
            Port = _servers.RabbitPort,
            UserName = _servers.RabbitUsername,
            Password = _servers.RabbitPassword,
        };
        await using var connection = await broker.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var exchange in (string[])[names.FormatEntityName<OrdersConfirmed>(), names.FormatEntityName<FcodesRedeemed>(),
            names.FormatEntityName<FcodeEventsRecorded>(), names.FormatEntityName<HoldsLapsed>()])
        {
            await channel.ExchangeDeleteAsync(exchange);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
        await DeleteMessageExchangesAsync();
        await Orders.DisposeAsync();
        await using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(RedisConfiguration))
        {
            await RedisKeys.DeleteAsync(redis, KeyPrefix);
        }
        await _database.DisposeAsync();
    }
}

public sealed record HealthReply(System.Net.HttpStatusCode Code, string? Status, string? Version, IReadOnlyDictionary<string, string?> Checks)
{
    /// <summary>The RabbitMQ bus's check, which MassTransit names.</summary>
    public string? Bus => Checks.Single(c => c.Key.Contains("masstransit", StringComparison.OrdinalIgnoreCase)).Value;
}

public sealed record StoredOrders(IReadOnlyList<(string OrderId, string ShopperId)> Rows)
{
    public int Count => Rows.Count;

    public int DistinctShoppers => Rows.Select(r => r.ShopperId).Distinct().Count();
}
