namespace Methane.Firmware.Core.Ambient
{
    /// <summary>
    /// Bits of the telemetry v2 <c>ch4_bg_flags</c> and <c>ch4_enh_flags</c> fields. Part of the wire contract: never
    /// renumber, only append (Methane.Telemetry.AmbientQualityFlags mirrors them; a test holds them together). 0 = good.
    /// </summary>
    public static class AmbientFlags
    {
        public const int None = 0;
        /// <summary>The coefficients are the board file's factory defaults, not a co-location fit for this sensor.</summary>
        public const int Uncalibrated = 1 << 0;
        /// <summary>No usable temperature/humidity: the model needs both, so there is no ambient value.</summary>
        public const int NoEnvironment = 1 << 1;
        /// <summary>The sensor reading itself is invalid (warm-up, ADC fault, saturation, stuck value).</summary>
        public const int SensorInvalid = 1 << 2;
        /// <summary>Above the ambient model's range (more than <see cref="AmbientModel.MaxPpm"/>): use ch4_ppm.</summary>
        public const int AboveRange = 1 << 3;
        /// <summary>The model gives less than 0 ppm: implausible, no value.</summary>
        public const int BelowRange = 1 << 4;
        /// <summary>Not enough history for a background estimate yet.</summary>
        public const int Learning = 1 << 5;
        /// <summary>The wall clock is not set, so the drift term used the calibration day itself.</summary>
        public const int ClockUnsynced = 1 << 6;
        /// <summary>ch4_enh_flags only: |enhancement| is under 3 σ of the noise floor.</summary>
        public const int BelowNoise = 1 << 7;
    }
}
