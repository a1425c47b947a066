namespace Methane.Firmware.Core.Connectivity
{
    /// <summary>
    /// Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
    /// delay = random in [0, min(cap, base · 2^attempt)].
    /// </summary>
    public sealed class Backoff
    {
        private readonly long _baseMs;
        private readonly long _capMs;
        private readonly XorShiftRandom _random;

        public Backoff(long baseMs, long capMs, XorShiftRandom random)
        {
            _baseMs = baseMs < 1 ? 1 : baseMs;
            _capMs = capMs < _baseMs ? _baseMs : capMs;
            _random = random;
        }

        public long BaseMs { get { return _baseMs; } }
        public long CapMs { get { return _capMs; } }

        /// <summary>min(cap, base · 2^attempt), without overflow.</summary>
        public long CeilingMs(int attempt)
        {
            long c = _baseMs;
            for (int i = 0; i < attempt && c < _capMs; i++) c <<= 1;
            return c < _capMs ? c : _capMs;
        }

        /// <summary>Delay before the next try after <paramref name="attempt"/> consecutive failures (0-based).</summary>
        public long NextDelayMs(int attempt)
        {
            return _random.NextInclusive(CeilingMs(attempt));
        }
    }
}
