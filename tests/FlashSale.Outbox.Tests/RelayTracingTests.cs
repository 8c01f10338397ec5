using System.Diagnostics;
using FlashSale.Abstractions.Messages;
using FlashSale.Stock;

namespace FlashSale.Outbox.Tests;

/// <summary>A relay pass joins the traces its entries kept, and stays out of tracing when they kept none.</summary>
public sealed class RelayTracingTests : IDisposable
{
    private const string Alice = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private const string Bob = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private const string Carol = "00-5cf92f3577b34da6a3ce929d0e0e4736-11f067aa0ba902b7-01";

    // Records every span of the relay's source, as a collector configured to keep all traces would.
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name == RelayTracing.SourceName,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public RelayTracingTests() => ActivitySource.AddActivityListener(_listener);

    public void Dispose() => _listener.Dispose();

    [Fact]
    public void A_pass_continues_the_first_kept_trace_and_links_the_others()
    {
        OutboxEntry[] entries = [Entry("1-0", null), Entry("2-0", $"{Alice} {Bob}"), Entry("3-0", Carol)];

        using var span = RelayTracing.StartPass("sale-1", entries);

        Assert.NotNull(span);
        Assert.Equal(RelayTracing.PassName, span.OperationName);
        Assert.Equal(Alice.Split('-')[1], span.TraceId.ToHexString());
        Assert.Equal(Alice.Split('-')[2], span.ParentSpanId.ToHexString());
        Assert.Equal([Bob, Carol], span.Links.Select(l => $"00-{l.Context.TraceId}-{l.Context.SpanId}-01"));
        Assert.Equal("sale-1", span.GetTagItem("flashsale.sale_id"));
    }

    [Fact]
    public void A_pass_whose_entries_kept_no_trace_has_no_span()
    {
        Assert.Null(RelayTracing.StartPass("sale-1", [Entry("1-0", null), Entry("2-0", "")]));
    }

    [Fact]
    public void A_malformed_trace_is_passed_over_rather_than_failing_the_pass()
    {
        using var span = RelayTracing.StartPass("sale-1", [Entry("1-0", $"not-a-traceparent {Bob}")]);

        Assert.Equal(Bob.Split('-')[1], span!.TraceId.ToHexString());
        Assert.Empty(span.Links);
    }

    private static OutboxEntry Entry(string id, string? traces) =>
        new(id) { Sku = "sku", Traces = traces, Orders = [new ConfirmedOrder($"order-{id}", "shopper", 0)] };
}
