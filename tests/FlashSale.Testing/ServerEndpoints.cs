namespace FlashSale.Testing;

/// <summary>Where the real Redis, PostgreSQL and RabbitMQ of this test run answer.</summary>
public sealed record ServerEndpoints(
    string RedisConfiguration,
    string PostgresConnectionString,
    string RabbitHost,
    ushort RabbitPort,
    string RabbitUsername,
    string RabbitPassword);
