using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlashSale.Host.Api;

/// <summary>
/// A body that cannot be read as the request's JSON, as a validation problem naming the field at fault: where the
/// reader gave up, what was wrong there and at which line and byte. A value of the wrong kind is told the kind
/// the field takes, found from the request's own type, never in the serializer's words, which name .NET types
/// ("Int32", "DateTimeOffset") and JSON token types.
/// </summary>
public static class JsonBodyFaults
{
    /// <param name="body">The type the endpoint reads its body as; null when it is not known.</param>
    public static ValidationProblem Problem(JsonException json, Type? body, JsonSerializerOptions options) =>
        Problems.Invalid(Field(json), Fault(json, body is null ? null : ExpectedAt(body, json.Path, options)));

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

    /// <param name="expected">What the field takes, as <see cref="KindOf"/> words it; null when not known.</param>
    private static string Fault(JsonException json, string? expected)
    {
        var fault = json.Message switch
        {
            var m when m.StartsWith("Duplicate property", StringComparison.Ordinal) => "Given more than once.",
            var m when m.StartsWith("The JSON property", StringComparison.Ordinal) => "Not a property this request takes.",
            _ when IsWrongKind(json) => expected is null ? "Not of the kind expected here." : $"Expected {expected}.",
            _ => WithoutPosition((json.InnerException ?? json).Message),
        };
        return json.LineNumber is { } line && json.BytePositionInLine is { } position ? $"{fault} (line {line + 1}, byte {position + 1})" : fault;
    }

    /// <summary>
    /// A value the field's type cannot take: a token of another kind, a number out of range, a string that is not
    /// a date. Faults of the text itself (bad JSON, a lone UTF-16 surrogate in a string) keep the reader's words.
    /// </summary>
    private static bool IsWrongKind(JsonException json) =>
        json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
        && json.InnerException switch
        {
            null or FormatException => true,
            InvalidOperationException token => token.Message.StartsWith("Cannot get the value of a token type", StringComparison.Ordinal),
            _ => false,
        };

    /// <summary>What the member a path such as <c>$.sessions[0].stock</c> leads to takes, as the serializer sees the body.</summary>
    private static string? ExpectedAt(Type body, string? path, JsonSerializerOptions options)
    {
        Type? type = body;
        foreach (var step in Steps(path ?? "$"))
        {
            var info = options.GetTypeInfo(type);
            type = step is null ? info.ElementType : info.Properties.FirstOrDefault(p => p.Name == step)?.PropertyType;
            if (type is null)
            {
                return null;
            }
        }
        return KindOf(Nullable.GetUnderlyingType(type) ?? type, options);
    }

    /// <summary>A path's steps: a member's name, or null for an element of an array.</summary>
    private static IEnumerable<string?> Steps(string path)
    {
        for (var i = 1; i < path.Length;)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                yield return path[(i + 1)..end];
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['") && path.IndexOf("']", i + 2, StringComparison.Ordinal) is var quoted and >= 0)
            {
                yield return path[(i + 2)..quoted];
                i = quoted + 2;
            }
            else
            {
                var close = path.IndexOf(']', i);
                yield return null;
                i = close < 0 ? path.Length : close + 1;
            }
        }
    }

    /// <summary>The kinds of value the API's bodies hold, in its words; null for any other.</summary>
    private static string? KindOf(Type type, JsonSerializerOptions options) => options.GetTypeInfo(type).Kind switch
    {
        JsonTypeInfoKind.Enumerable => "an array",
        JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "an object",
        _ when type == typeof(string) => "a string",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(int) => WholeNumber(int.MinValue, int.MaxValue),
        _ when type == typeof(long) => WholeNumber(long.MinValue, long.MaxValue),
        _ when type == typeof(DateTimeOffset) => "a date and time in ISO 8601 form, such as 2026-12-07T12:00:00Z",
        _ => null,
    };

    private static string WholeNumber(long min, long max) =>
        string.Create(CultureInfo.InvariantCulture, $"a whole number from {min} to {max}");

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
