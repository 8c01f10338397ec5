namespace FlashSale.Outbox;

/// <summary>Bound from <c>FlashSale:RabbitMq</c>.</summary>
public sealed class RabbitMqOptions
{
    public const string Section = "FlashSale:RabbitMq";

    public string Host { get; set; } = "127.0.0.1";

    public ushort Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = "/";

    public string Username { get; set; } = "guest";

    public string Password { get; set; } = "guest";

    /// <summary>
    /// Prefixes every exchange and queue name, so deployments (or test runs) sharing one broker and
    /// virtual host never deliver each other's orders. Empty in a normal deployment.
    /// </summary>
    public string EntityPrefix { get; set; } = "";

    /// <summary>
    /// Queues delete themselves when their last consumer leaves. For test runs, which would otherwise
    /// leave a queue behind each; never for a deployment, whose queue must outlive a restart.
    /// </summary>
    public bool TemporaryEndpoints { get; set; }
}
