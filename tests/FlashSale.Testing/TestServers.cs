using System.Net.Sockets;
using Npgsql;
using StackExchange.Redis;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;
using Testcontainers.Redis;

namespace FlashSale.Testing;

/// <summary>
/// Resolves the servers once per test process. With a Docker engine answering (and
/// FLASHSALE_TEST_SERVERS not set to <c>local</c>) Testcontainers starts them; otherwise the tests use the
/// servers <c>infra/servers.sh</c> started, at the addresses the host itself reads (<c>FlashSale__…</c>
/// environment variables, else the defaults). A server that does not answer fails the test and says how
/// to start it: a test is never skipped because a server is missing.
/// </summary>
public static class TestServers
{
    public const string HowToStart =
        "Start the servers with `./infra/servers.sh start` (or run the README's test command, `./infra/test.sh`, which does it).";

    private static readonly Lazy<Task<ServerEndpoints>> Endpoints = new(ResolveAsync);

    public static Task<ServerEndpoints> GetAsync() => Endpoints.Value;

    private static async Task<ServerEndpoints> ResolveAsync()
    {
        var mode = Environment.GetEnvironmentVariable("FLASHSALE_TEST_SERVERS");
        var endpoints = mode != "local" && DockerEngineAnswers() ? await StartContainersAsync() : FromEnvironment();
        await EnsureAnswersAsync(endpoints);
        return endpoints;
    }

    private static ServerEndpoints FromEnvironment() => new(
        Env("FlashSale__Redis__Configuration", "127.0.0.1:6379"),
        Env("FlashSale__Postgres__ConnectionString", "Host=127.0.0.1;Port=5432;Username=flashsale;Password=flashsale;Database=flashsale"),
        Env("FlashSale__RabbitMq__Host", "127.0.0.1"),
        ushort.Parse(Env("FlashSale__RabbitMq__Port", "5672")),
        Env("FlashSale__RabbitMq__Username", "guest"),
        Env("FlashSale__RabbitMq__Password", "guest"));

    private static string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;

    private static bool DockerEngineAnswers()
    {
        var socket = Environment.GetEnvironmentVariable("DOCKER_HOST") is { } host && host.StartsWith("unix://", StringComparison.Ordinal)
            ? host["unix://".Length..]
            : "/var/run/docker.sock";
        if (!File.Exists(socket))
        {
            return false;
        }
        try
        {
            using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            s.Connect(new UnixDomainSocketEndPoint(socket));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<ServerEndpoints> StartContainersAsync()
    {
        var redis = new RedisBuilder("redis:7.0").Build();
        var postgres = new PostgreSqlBuilder("postgres:15").WithUsername("flashsale").WithPassword("flashsale").WithDatabase("flashsale").Build();
        var rabbit = new RabbitMqBuilder("rabbitmq:3.10").WithUsername("guest").WithPassword("guest").Build();
        await Task.WhenAll(redis.StartAsync(), postgres.StartAsync(), rabbit.StartAsync());
        var amqp = new Uri(rabbit.GetConnectionString());
        return new ServerEndpoints(redis.GetConnectionString(), postgres.GetConnectionString(), amqp.Host, (ushort)amqp.Port, "guest", "guest");
    }

    private static async Task EnsureAnswersAsync(ServerEndpoints e)
    {
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(e.RedisConfiguration);
            await redis.GetDatabase().PingAsync();
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"Redis does not answer at {e.RedisConfiguration}. {HowToStart}", ex);
        }
        try
        {
            await using var connection = new NpgsqlConnection(e.PostgresConnectionString);
            await connection.OpenAsync();
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"PostgreSQL does not answer at {new NpgsqlConnectionStringBuilder(e.PostgresConnectionString).Host}. {HowToStart}", ex);
        }
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(e.RabbitHost, e.RabbitPort);
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"RabbitMQ does not answer at {e.RabbitHost}:{e.RabbitPort}. {HowToStart}", ex);
        }
    }
}
