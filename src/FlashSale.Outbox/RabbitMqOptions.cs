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

    /// <summary>
    /// More tries for a message whose consumer failed for any reason but a store being away, before it goes to the
    /// endpoint's <c>_error</c> queue. A store that is away is waited out without limit (see
    /// <see cref="MessagingServiceCollectionExtensions.AddOrderMessaging"/>).
    /// </summary>
    public int RetryLimit { get; set; } = 10;

    /// <summary>
    /// How often each side of a RabbitMQ connection shows it is alive. A connection that dies without a word (a route
    /// dropped, not a socket closed) is noticed after two missed beats and opened again; at RabbitMQ's default of 60 s a
    /// relay's publish and the consumers waited up to two minutes on a dead one (BrokerReconnectTests).
    /// </summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest pause between tries; they back off from a tenth of a second up to this.</summary>
    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromSeconds(10);
}
