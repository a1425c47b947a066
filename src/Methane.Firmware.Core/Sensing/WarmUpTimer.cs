using Methane.Firmware.Core.Config;

namespace Methane.Firmware.Core.Sensing
{
    /// <summary>
    /// The heater needs time to reach its operating point (TGS2611 ~2.5 min): readings in that period are flagged
    /// <see cref="ReadingFlags.WarmingUp"/> and alarms are inhibited. Counts from boot (uptime 0) unless restarted.
    /// </summary>
    public sealed class WarmUpTimer
    {
        private readonly SensingSettings _settings;
        private long _startMs;

        public WarmUpTimer(SensingSettings settings)
        {
            _settings = settings;
        }

        /// <summary>Restarts the period, e.g. after the heater was switched off.</summary>
        public void Restart(long uptimeMs)
        {
            _startMs = uptimeMs;
        }

        public bool IsWarmingUp(long uptimeMs)
        {
            return RemainingMilliseconds(uptimeMs) > 0;
        }

        public long RemainingMilliseconds(long uptimeMs)
        {
            long remaining = _startMs + (long)_settings.WarmUpSeconds * 1000 - uptimeMs;
            return remaining > 0 ? remaining : 0;
        }
    }
}
