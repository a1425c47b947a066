namespace Methane.Firmware.Host.Broker;

/// <summary>
/// AWS IoT Core's per-connection publish limit as a token bucket: <c>rate</c> publishes per second with a burst of one
/// second's worth. Publishes beyond it are throttled (not delivered). One instance per connection; thread-safe.
/// </summary>
public sealed class PublishRateLimiter
{
    private readonly double _rate;
    private readonly object _gate = new();
    private double _tokens;
    private long _lastTicks;

    public PublishRateLimiter(int perSecond, long nowTicks)
    {
        _rate = perSecond;
        _tokens = perSecond;
        _lastTicks = nowTicks;
    }

    /// <param name="nowTicks">A <see cref="System.Diagnostics.Stopwatch"/> timestamp.</param>
    public bool TryTake(long nowTicks)
    {
        lock (_gate)
        {
            double seconds = (nowTicks - _lastTicks) / (double)System.Diagnostics.Stopwatch.Frequency;
            _lastTicks = nowTicks;
            _tokens = Math.Min(_rate, _tokens + seconds * _rate);
            if (_tokens < 1) return false;
            _tokens -= 1;
            return true;
        }
    }
}
