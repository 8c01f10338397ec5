using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlashSale.Host.Api;

/// <summary>
/// A body that cannot be read as the request's JSON, as a validation problem naming the field at fault: where the
/// reader gave up, what was wrong there and at which line and byte.
/// </summary>
public static class JsonBodyFaults
{
    /// <summary>
    /// The serializer's words for faults of the body's shape name .NET types; these say the same in the API's
    /// terms. Other faults keep the reader's or the value converter's own words.
    /// </summary>
    private static readonly (string Prefix, string Fault)[] ShapeFaults =
    [
        ("Duplicate property", "Given more than once."),
        ("The JSON property", "Not a property this request takes."),
        ("The JSON value could not be converted", "Not of the kind expected here."),
    ];

    public static ValidationProblem Problem(JsonException json) => Problems.Invalid(Field(json), Fault(json));

    /// <summary>
    /// <c>$.sessions[0].stock</c> is <c>sessions[0].stock</c>, <c>$['a.b']</c> is <c>['a.b']</c>; the body as a
    /// whole is <c>body</c>.
    /// </summary>
    private static string Field(JsonException json) => json.Path switch
    {
        null or "$" => "body",
        ['$', '.', .. var member] => member,
        ['$', .. var element] => element,
        var other => other,
    };

    private static string Fault(JsonException json)
    {
        var message = (json.InnerException ?? json).Message;
        var fault = ShapeFaults.FirstOrDefault(f => message.StartsWith(f.Prefix, StringComparison.Ordinal)).Fault ?? WithoutPosition(message);
        return json.LineNumber is { } line && json.BytePositionInLine is { } position ? $"{fault} (line {line + 1}, byte {position + 1})" : fault;
    }

    /// <summary>The message without the path and position it ends in: the field and <see cref="Fault"/> give them.</summary>
    private static string WithoutPosition(string message)
    {
        var end = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (end < 0)
        {
            end = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        }
        return end >= 0 ? message[..end] : message;
    }
}
