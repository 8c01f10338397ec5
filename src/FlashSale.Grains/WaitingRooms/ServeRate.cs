namespace FlashSale.Grains.WaitingRooms;

/// <summary>
/// Tickets served per second, smoothed over the last few seconds: it turns a position into an ETA. Before it has
/// measured anything it assumes <paramref name="floor"/> a second, so the first shoppers in line are not told to
/// come back much later than they will be served.
/// </summary>
internal sealed class ServeRate(int floor)
{
    private const double Smoothing = 0.5;
    private double _perSecond;
    private long _second;
    private int _inSecond;

    public void Served(DateTimeOffset now)
    {
        Roll(now);
        _inSecond++;
    }

    public TimeSpan EtaFor(long position, DateTimeOffset now)
    {
        Roll(now);
        var rate = Math.Max(Math.Max(_perSecond, _inSecond), floor);
        return TimeSpan.FromSeconds(position / rate);
    }

    private void Roll(DateTimeOffset now)
    {
        var second = now.ToUnixTimeSeconds();
        if (second == _second)
        {
            return;
        }
        // A second with nothing served counts as zero, so a stalled line does not promise a quick turn.
        var idle = Math.Min(second - _second - 1, 10);
        _perSecond = Smoothing * _inSecond + (1 - Smoothing) * _perSecond;
        _perSecond *= Math.Pow(1 - Smoothing, idle);
        _second = second;
        _inSecond = 0;
    }
}
