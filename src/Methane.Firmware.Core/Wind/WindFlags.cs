namespace Methane.Firmware.Core.Wind
{
    /// <summary>
    /// Bits of the telemetry v2 <c>wind_flags</c> field (a met-station reading's quality). Part of the wire contract:
    /// never renumber, only append (Methane.Telemetry.WindQualityFlags mirrors them; a test holds them together).
    /// </summary>
    public static class WindFlags
    {
        public const int None = 0;
        /// <summary>Mean speed under the calm threshold: direction and σθ are not defined (null).</summary>
        public const int Calm = 1 << 0;
        /// <summary>No anemometer pulse in the whole interval: calm below the cups' starting threshold, or a broken cable.</summary>
        public const int NoPulses = 1 << 1;
        /// <summary>The vane voltage did not move (≤ 2 ADC steps) over the interval while the wind blew: seized bearing or ADC.</summary>
        public const int VaneStuck = 1 << 2;
        /// <summary>Some vane samples were outside 0 … excitation voltage (open wiper, short): dropped from the statistics.</summary>
        public const int VaneOutOfRange = 1 << 3;
        /// <summary>Fewer than 75 % of the expected samples had a valid direction (EPA/WMO completeness rule).</summary>
        public const int Incomplete = 1 << 4;
        /// <summary>The vane's ADC did not answer for some samples.</summary>
        public const int VaneFault = 1 << 5;
        /// <summary>Mean or gust above the anemometer's specified range.</summary>
        public const int SpeedOverRange = 1 << 6;
    }
}
