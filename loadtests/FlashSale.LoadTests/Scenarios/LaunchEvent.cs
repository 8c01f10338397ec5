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

    /// <summary>The shopper the F-code was issued to, for redeem and transfer.</summary>
    public string CodeOwner => Code ?? Shopper;

    /// <summary>
    /// The events of a recording, one JSON object per line; blank lines are skipped. A line that is not an event
    /// stops the read with its number and what is wrong with it, in the recording's terms: a misspelt field
    /// (<c>"cod"</c>) would otherwise be dropped, and its shopper would redeem their own code instead.
    /// </summary>
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
            LaunchEvent e;
            try
            {
                e = Parse(line);
            }
            catch (JsonException error)
            {
                throw new FormatException($"line {number}: {WithoutPosition(error.Message)} (byte {error.BytePositionInLine + 1})", error);
            }
            catch (FormatException error)
            {
                throw new FormatException($"line {number}: {error.Message}", error);
            }
            yield return e;
        }
    }

    private static LaunchEvent Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("not a launch event: each line is a JSON object");
        }
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var field in document.RootElement.EnumerateObject())
        {
            if (field.Name is not ("at" or "shopper" or "action" or "code" or "to"))
            {
                throw new FormatException($"\"{field.Name}\" is not a field of a launch event (at, shopper, action, code, to)");
            }
            if (!fields.TryAdd(field.Name, field.Value))
            {
                throw new FormatException($"\"{field.Name}\" is given more than once");
            }
        }
        if (!fields.TryGetValue("at", out var at) || at.ValueKind != JsonValueKind.Number || !at.TryGetDouble(out var seconds) || !double.IsFinite(seconds))
        {
            throw new FormatException("\"at\" needs a number: seconds from the opening, negative before it");
        }
        if (Math.Abs(seconds) > MaxSecondsFromOpen)
        {
            throw new FormatException($"\"at\" is {seconds} s; a recording keeps within {MaxSecondsFromOpen:F0} s of the opening");
        }
        var e = new LaunchEvent(seconds, Text(fields, "shopper") ?? "", Text(fields, "action") ?? "", Text(fields, "code"), Text(fields, "to"));
        if (e.Shopper.Length == 0 || e.Action is not (Register or Buy or Redeem or Transfer) || (e.Action == Transfer && string.IsNullOrEmpty(e.To)))
        {
            throw new FormatException("needs a shopper, an action (register, buy, redeem, transfer) and, for a transfer, \"to\"");
        }
        return e;
    }

    /// <summary>A field that holds a string, or null when the line leaves it out.</summary>
    private static string? Text(Dictionary<string, JsonElement> fields, string name) =>
        !fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new FormatException($"\"{name}\" needs a string");

    /// <summary>The reader's message without the position it ends in: the line and byte are given instead.</summary>
    private static string WithoutPosition(string message) =>
        message.IndexOf(" LineNumber: ", StringComparison.Ordinal) is var end and >= 0 ? message[..end] : message;
}
