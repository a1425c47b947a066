namespace Methane.Firmware.Core.Connectivity
{
    /// <summary>
    /// At most N publishes in any window of 1000 ms of uptime (AWS IoT: 100 publishes/s per connection). A ring of the last N
    /// send times: a send is allowed when the N-th most recent one is at least a window old. Stricter than a token bucket,
    /// whose burst plus refill could reach 2N in one window.
    /// </summary>
    public sealed class PublishRateLimiter
    {
        public const long WindowMs = 1000;

        private readonly long[] _times;
        private int _next;
        private int _count;

        public PublishRateLimiter(int perSecond)
        {
            _times = new long[perSecond < 1 ? 1 : perSecond];
        }

        public int PerSecond { get { return _times.Length; } }

        public bool CanSend(long nowMs)
        {
            if (_count < _times.Length) return true;
            return nowMs - _times[_next] >= WindowMs;
        }

        public void Record(long nowMs)
        {
            _times[_next] = nowMs;
            _next = (_next + 1) % _times.Length;
            if (_count < _times.Length) _count++;
        }
    }
}
