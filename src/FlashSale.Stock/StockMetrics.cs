using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using FlashSale.Abstractions.Purchases;
using FlashSale.Abstractions.Telemetry;

namespace FlashSale.Stock;

/// <summary>
/// What Redis decided for each purchase, and what each purchase script cost, on the <see cref="FlashSaleMeter"/>.
/// Recorded where the answers are read, so purchases served from the waiting room count as much as direct ones.
/// </summary>
public sealed class StockMetrics
{
    public const string Purchases = "flashsale.purchases";
    public const string ScriptPurchases = "flashsale.purchase_script.purchases";
    public const string ScriptDuration = "flashsale.purchase_script.duration";
    public const string KindTag = "flashsale.purchase.kind";
    public const string OutcomeTag = "flashsale.purchase.outcome";
    public const string GeneralKind = "general", FcodeKind = "fcode";

    /// <summary>The outcomes as the scripts and the API's problem codes spell them (<c>sold_out</c>).</summary>
    private static readonly string[] OutcomeNames =
        [.. Enum.GetValues<PurchaseOutcome>().Select(o => JsonNamingPolicy.SnakeCaseLower.ConvertName(o.ToString()))];

    /// <summary>An outcome as the scripts and the API's problem codes spell it, for a metric's outcome tag.</summary>
    public static string OutcomeName(PurchaseOutcome outcome) => OutcomeNames[(int)outcome];

    private readonly Counter<long> _purchases;
    private readonly Histogram<int> _scriptPurchases;
    private readonly Histogram<double> _scriptDuration;

    public StockMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(FlashSaleMeter.Name);
        _purchases = meter.CreateCounter<long>(Purchases, "{purchase}",
            "Purchases and F-code redemptions as Redis decided them, by sale, kind (general or fcode) and outcome.");
        _scriptPurchases = meter.CreateHistogram(ScriptPurchases, "{purchase}", "Purchases one script served: the batching at work.",
            tags: null, new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
        _scriptDuration = meter.CreateHistogram(ScriptDuration, "s", "A purchase script's round trip to Redis, from sending it to its answer.",
            tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1] });
    }

    /// <summary>
    /// Records one script's answers. A batch adds once per outcome it holds, not once per purchase: at launch
    /// rates a script carries dozens.
    /// </summary>
    /// <param name="startedAt">The <see cref="Stopwatch.GetTimestamp"/> taken as the script was sent.</param>
    public void Served(string saleId, string kind, IEnumerable<PurchaseResult> results, long startedAt)
    {
        var elapsed = Stopwatch.GetElapsedTime(startedAt).TotalSeconds;
        Span<int> counts = stackalloc int[OutcomeNames.Length];
        var served = 0;
        foreach (var result in results)
        {
            counts[(int)result.Outcome]++;
            served++;
        }
        var kindTag = new KeyValuePair<string, object?>(KindTag, kind);
        for (var outcome = 0; outcome < counts.Length; outcome++)
        {
            if (counts[outcome] > 0)
            {
                _purchases.Add(counts[outcome], new(FlashSaleMeter.SaleIdTag, saleId), kindTag, new(OutcomeTag, OutcomeName((PurchaseOutcome)outcome)));
            }
        }
        _scriptPurchases.Record(served, kindTag);
        _scriptDuration.Record(elapsed, kindTag);
    }
}
