namespace FlashSale.Grains;

internal static class TimeSpans
{
    public static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;
}
