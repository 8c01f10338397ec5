using System.Text.Json;

namespace FlashSale.LoadTests.Scenarios;

/// <summary>
/// One thing one shopper does at one moment of a launch. A launch is a list of them, and a replay file is one
/// per line as JSON (JSON lines), for example:
/// <code>
/// {"at": -30.0, "shopper": "u1", "action": "register"}
/// {"at": 0.012, "shopper": "u1", "action": "buy"}
/// {"at": -1.5, "shopper": "fan7", "action": "transfer", "to": "u9"}
/// {"at": 0.020, "shopper": "u9", "action": "redeem", "code": "fan7"}
/// </code>
/// </summary>
/// <param name="At">Seconds from the sale's opening; negative before it.</param>
/// <param name="Action"><c>register</c>, <c>buy</c>, <c>redeem</c> (an F-code) or <c>transfer</c> (an F-code to <paramref name="To"/>).</param>
/// <param name="Code">Redeem and transfer: whose F-code, named by the shopper it was issued to; the shopper's own by default.</param>
public sealed record LaunchEvent(double At, string Shopper, string Action, string? Code = null, string? To = null)
{
    public const string Register = "register";
    public const string Buy = "buy";
    public const string Redeem = "redeem";
    public const string Transfer = "transfer";

    /// <summary>A recording spans at most a day either side of the opening: a wild offset would run for years.</summary>
    public const double MaxSecondsFromOpen = 86_400;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The shopper the F-code was issued to, for redeem and transfer.</summary>
    public string CodeOwner => Code ?? Shopper;

    public static IEnumerable<LaunchEvent> Read(TextReader reader)
    {
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            LaunchEvent? e;
            try
            {
                e = JsonSerializer.Deserialize<LaunchEvent>(line, Json);
            }
            catch (JsonException error)
            {
                throw new FormatException($"line {number}: {error.Message}", error);
            }
            if (e is null)
            {
                throw new FormatException($"line {number}: not a launch event");
            }
            if (string.IsNullOrEmpty(e.Shopper) || e.Action is not (Register or Buy or Redeem or Transfer) || (e.Action == Transfer && string.IsNullOrEmpty(e.To)))
            {
                throw new FormatException($"line {number}: needs a shopper, an action (register, buy, redeem, transfer) and, for a transfer, \"to\"");
            }
            if (Math.Abs(e.At) > MaxSecondsFromOpen)
            {
                throw new FormatException($"line {number}: \"at\" is {e.At} s; a recording keeps within {MaxSecondsFromOpen:F0} s of the opening");
            }
            yield return e;
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
