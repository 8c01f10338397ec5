using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Telemetry;
using FlashSale.Stock;

namespace FlashSale.Host.Api;

/// <summary>
/// Every answer the purchase endpoint gives, by sale, kind and outcome: what the crowd was told. Most of a launch's
/// answers never reach Redis (sold out from the grain's memory once nothing is left, waiting-room tickets, busy, too
/// many tickets), so <see cref="StockMetrics.Purchases"/>, which counts what Redis decided, cannot show them.
/// An observable counter over counts kept here: a request costs one lookup and one interlocked increment, and the
/// tags are built only when the counter is read, where a plain counter would have the telemetry SDK look up the
/// series of three tags on every request.
/// </summary>
public sealed class PurchaseAnswerMetrics
{
    public const string Answers = "flashsale.purchase_answers";

    private static readonly int OutcomeCount = Enum.GetValues<PurchaseOutcome>().Length;

    private readonly ConcurrentDictionary<(string SaleId, string Kind), long[]> _counts = new();

    public PurchaseAnswerMetrics(IMeterFactory meters) =>
        meters.Create(FlashSaleMeter.Name).CreateObservableCounter(Answers, Observe, "{answer}",
            "Answers of the purchase endpoint by sale, kind (general or fcode) and outcome, wherever they were decided.");

    public void Answered(string saleId, string kind, PurchaseOutcome outcome)
    {
        // Sale ids of sales that do not exist are the client's to choose: each would add a series to every scrape.
        if (outcome == PurchaseOutcome.UnknownSale)
        {
            return;
        }
        var counts = _counts.GetOrAdd((saleId, kind), static _ => new long[OutcomeCount]);
        Interlocked.Increment(ref counts[(int)outcome]);
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        foreach (var ((saleId, kind), counts) in _counts)
        {
            for (var outcome = 0; outcome < counts.Length; outcome++)
            {
                if (Volatile.Read(ref counts[outcome]) is > 0 and var count)
                {
                    yield return new Measurement<long>(count,
                        new KeyValuePair<string, object?>(FlashSaleMeter.SaleIdTag, saleId),
                        new KeyValuePair<string, object?>(StockMetrics.KindTag, kind),
                        new KeyValuePair<string, object?>(StockMetrics.OutcomeTag, StockMetrics.OutcomeName((PurchaseOutcome)outcome)));
                }
            }
        }
    }
}
