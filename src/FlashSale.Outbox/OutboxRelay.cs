using System.Diagnostics.Metrics;
using FlashSale.Abstractions.Messages;
using FlashSale.Abstractions.Telemetry;
using FlashSale.Stock;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlashSale.Outbox;

/// <summary>
/// Publishes each batch of outbox entries through MassTransit as <see cref="OrdersConfirmed"/> messages (and
/// <see cref="FcodesRedeemed"/>, <see cref="FcodeEventsRecorded"/> and <see cref="HoldsLapsed"/> for the
/// redemptions, F-code events and lapses among them; see <see cref="RelayMessages"/>) and acknowledges it in Redis
/// only after RabbitMQ has confirmed that a queue took every message (publisher confirms make <c>Publish</c> wait for
/// that, and mandatory publishing makes a message no queue took fail; see <see cref="PublishRoutedAsync{T}"/>). A crash
/// in between publishes the batch again, which fulfillment absorbs: delivery is at least once, storage exactly once.
/// </summary>
public sealed partial class OutboxRelay(
    SaleOutbox outbox,
    IBus bus,
    TimeProvider clock,
    IOptions<OutboxRelayOptions> options,
    RelayHealth health,
    IMeterFactory meters,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private readonly OutboxRelayOptions _options = options.Value;
    /// <summary>
    /// How long each outbox entry waited in Redis, from the script that wrote it to RabbitMQ's confirm, in seconds: the
    /// relay's hold while a sale sells, then its pass. Tagged with the sale. Measured against this host's clock, so hosts
    /// whose clocks stray from Redis's shift it by as much.
    /// </summary>
    public const string OutboxWait = "flashsale.outbox.wait";

    /// <summary>
    /// How many sales this host's relay is failing to hand on, now (a gauge): the <c>outbox</c> health check's count, for
    /// dashboards and alerts. Their orders wait in Redis meanwhile.
    /// </summary>
    public const string FailingSales = "flashsale.outbox.failing_sales";

    private readonly ObservableGauge<int> _failing = meters.Create(FlashSaleMeter.Name).CreateObservableGauge(
        FailingSales, () => health.Failing().Sales, "{sale}", "Sales whose relay passes on this host are failing now; their orders wait in Redis.");
    private readonly Counter<long> _relayed = FlashSaleMeter.OrderCounter(meters, FlashSaleMeter.OrdersRelayed, "Orders handed to RabbitMQ, as it confirmed them.");
    private readonly Histogram<double> _waited = meters.Create(FlashSaleMeter.Name).CreateHistogram<double>(
        OutboxWait, "s", "How long each outbox entry waited in Redis before RabbitMQ confirmed its messages.");
    private readonly string _consumer = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
    private Dictionary<string, SaleWatch> _watches = [];
    private DateTimeOffset _nextRefresh = DateTimeOffset.MinValue;
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshSalesAsync();
                var now = clock.GetUtcNow();
                var moved = await Task.WhenAll(_watches.Where(w => w.Value.IsDue(now)).Select(w => RelayAsync(w.Key, w.Value, now, stoppingToken)));
                if (moved.Sum() == 0)
                {
                    await Task.Delay(_options.IdleDelay, clock, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPassFailed(e);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
            }
        }
    }

    private async Task RefreshSalesAsync()
    {
        var now = clock.GetUtcNow();
        if (now < _nextRefresh)
        {
            return;
        }
        // A sale can only write orders until it ends; a minute of grace covers clock skew between hosts and Redis.
        var sales = new HashSet<string>(await outbox.ListSalesEndingAfterAsync(now - TimeSpan.FromMinutes(1)));
        if (now >= _nextSweep)
        {
            sales.UnionWith(await outbox.ListSalesWithEntriesAsync());
            _nextSweep = now + _options.SweepInterval;
        }
        _watches = sales.ToDictionary(sale => sale, sale => _watches.GetValueOrDefault(sale) ?? new SaleWatch(_options));
        health.KeepOnly(_watches.Keys);
        _nextRefresh = now + _options.RefreshInterval;
    }

    private async Task<int> RelayAsync(string saleId, SaleWatch watch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var moved = await MoveAsync(saleId, watch, now, cancellationToken);
            health.Passed(saleId);
            return moved;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The entries stay pending for this consumer and are read again after a pause (SaleWatch.Failed).
            watch.Failed(clock.GetUtcNow());
            health.Failed(saleId, e);
            LogSaleFailed(e, saleId);
            return 0;
        }
    }

    /// <summary>One pass over a sale's outbox: how many entries it handed to RabbitMQ.</summary>
    private async Task<int> MoveAsync(string saleId, SaleWatch watch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var count = _options.BatchSize;
        if (_options.HoldsWhileSelling)
        {
            // Every entry, pending or new, is in the stream until it is relayed: an empty one has nothing to read.
            var times = await outbox.TimesAsync(saleId);
            if (times.IsEmpty)
            {
                watch.FoundNothing(now);
                return 0;
            }
            if (watch.Holds(times))
            {
                watch.Held(now);
                return 0;
            }
            count = watch.EntriesToRead(times);
        }
        foreach (var source in watch.Sources(now))
        {
            var entries = await outbox.ReadAsync(saleId, _consumer, count, source, _options.ClaimAbandonedAfter);
            if (entries.Count > 0)
            {
                await PublishAsync(saleId, entries, cancellationToken);
                watch.Relayed(source, now);
                return entries.Count;
            }
        }
        watch.FoundNothing(now);
        return 0;
    }

    private async Task PublishAsync(string saleId, IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken)
    {
        using var span = RelayTracing.StartPass(saleId, entries);
        var messages = RelayMessages.For(saleId, entries, _options.MaxOrdersPerMessage);
        await PublishConfirmedAsync(messages, cancellationToken);
        await outbox.AcknowledgeAsync(saleId, entries);
        _relayed.AddOrders(messages.Orders.Sum(m => m.Orders.Count), saleId);
        var confirmedMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var entry in entries)
        {
            _waited.Record((confirmedMs - entry.WrittenAtMs) / 1000.0, new KeyValuePair<string, object?>(FlashSaleMeter.SaleIdTag, saleId));
        }
    }

    /// <summary>
    /// Publishes a pass's messages and waits for RabbitMQ to confirm them all, for at most
    /// <see cref="OutboxRelayOptions.ConfirmTimeout"/>: past it the pass fails, and its entries stay pending.
    /// </summary>
    private async Task PublishConfirmedAsync(RelayMessages messages, CancellationToken stoppingToken)
    {
        using var deadline = new CancellationTokenSource(_options.ConfirmTimeout, clock);
        using var publishing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, deadline.Token);
        var cancellationToken = publishing.Token;
        try
        {
            await Task.WhenAll([
                .. messages.Orders.Select(m => PublishRoutedAsync(m, cancellationToken)),
                .. messages.Redemptions.Select(m => PublishRoutedAsync(m, cancellationToken)),
                messages.FcodeEvents is { } events ? PublishRoutedAsync(events, cancellationToken) : Task.CompletedTask,
                messages.Lapses is { } lapses ? PublishRoutedAsync(lapses, cancellationToken) : Task.CompletedTask]);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            throw new TimeoutException($"RabbitMQ did not confirm the pass's messages within {_options.ConfirmTimeout}.");
        }
    }

    /// <summary>
    /// Publishes as mandatory: RabbitMQ confirms a message that no queue is bound to take just as it confirms a
    /// delivered one, and drops it. Mandatory, it returns the message instead and the publish fails, so the entries
    /// stay in the outbox until a queue takes them. A queue can be missing for a while: a temporary one is deleted with
    /// its last consumer and declared again only when its host reconnects after losing the broker.
    /// </summary>
    private Task PublishRoutedAsync<T>(T message, CancellationToken cancellationToken) where T : class =>
        bus.Publish(message, static context => context.Mandatory = true, cancellationToken);

    [LoggerMessage(LogLevel.Warning, "Outbox relay pass failed; retrying in a second")]
    private partial void LogPassFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "Relaying the outbox of sale {SaleId} failed; its entries stay pending")]
    private partial void LogSaleFailed(Exception exception, string saleId);
}
