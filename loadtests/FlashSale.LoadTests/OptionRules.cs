using System.CommandLine;
using FlashSale.LoadTests.Scenarios;

namespace FlashSale.LoadTests;

/// <summary>What the tool's numbers and addresses must be, checked when the command line is parsed: a bad value is
/// named in one line before anything runs, instead of failing as a stack trace minutes into a launch.</summary>
public static class OptionRules
{
    private static readonly string WithinADayRule = $"must be a positive number of seconds up to {LaunchEvent.MaxSecondsFromOpen:N0}";

    public static Option<int> AtLeast(this Option<int> option, int minimum) =>
        option.Must(v => v >= minimum, $"must be at least {minimum}");

    public static Option<int> Between(this Option<int> option, int minimum, int maximum) =>
        option.Must(v => v >= minimum && v <= maximum, $"must be between {minimum} and {maximum:N0}");

    public static Option<double> Positive(this Option<double> option) =>
        option.Must(v => v > 0 && double.IsFinite(v), "must be a positive number");

    /// <summary>Seconds within a day: a launch's events keep within one of its opening, as a recording's do.</summary>
    public static Option<double> WithinADay(this Option<double> option) => option.Must(IsWithinADay, WithinADayRule);

    public static Option<double?> WithinADay(this Option<double?> option) => option.Must(v => v is not { } s || IsWithinADay(s), WithinADayRule);

    private static bool IsWithinADay(double seconds) => seconds > 0 && seconds <= LaunchEvent.MaxSecondsFromOpen;

    /// <summary>A share of a crowd: 0 to 1.</summary>
    public static Option<double> Share(this Option<double> option) =>
        option.Must(v => v is >= 0 and <= 1, "must be between 0 and 1");

    public static Option<string> HttpAddress(this Option<string> option) =>
        option.Must(v => Uri.TryCreate(v, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https", "must be an absolute http:// or https:// address");

    private static Option<T> Must<T>(this Option<T> option, Func<T, bool> holds, string rule)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<T>();
            if (!holds(value))
            {
                result.AddError($"{option.Name} {rule}; got {value}.");
            }
        });
        return option;
    }
}
