namespace Methane.Firmware.Core.Sensing
{
    /// <summary>
    /// Bits of the telemetry <c>flags</c> field (schema v1). Values are part of the wire contract: never renumber, only append.
    /// A reading is valid only when none of <see cref="InvalidMask"/> is set.
    /// </summary>
    public static class ReadingFlags
    {
        public const int None = 0;
        /// <summary>Heater warm-up period: ppm is computed but must not be trusted, alarms are inhibited.</summary>
        public const int WarmingUp = 1 << 0;
        /// <summary>The wall clock was not set when the reading was taken; timestamp is uptime-based.</summary>
        public const int ClockUnsynced = 1 << 1;
        /// <summary>The methane ADC (ADS1115) did not answer (NACK or bus error); no ppm.</summary>
        public const int SensorFault = 1 << 2;
        /// <summary>An SHT4x word failed its CRC-8; temperature/humidity not used.</summary>
        public const int CrcError = 1 << 3;
        /// <summary>The ADC input is at or beyond full scale (or the sensor output is out of the circuit's range); no ppm.</summary>
        public const int Saturated = 1 << 4;
        /// <summary>Sent from the outbox after a connection loss, not live.</summary>
        public const int Replayed = 1 << 5;
        /// <summary>The raw ADC value has not changed over the configured number of samples; no ppm.</summary>
        public const int StuckValue = 1 << 6;
        /// <summary>The SHT4x did not answer (NACK or bus error); temperature/humidity absent.</summary>
        public const int EnvSensorFault = 1 << 7;
        /// <summary>Temperature or humidity outside the configured plausible range; not used for compensation.</summary>
        public const int EnvOutOfRange = 1 << 8;
        /// <summary>No valid temperature/humidity: ppm computed without compensation.</summary>
        public const int Uncompensated = 1 << 9;
        /// <summary>The rate-of-rise leak detector fired on this reading.</summary>
        public const int RateOfRise = 1 << 10;

        /// <summary>Any of these makes <c>ch4_ppm</c> not a valid measurement.</summary>
        public const int InvalidMask = WarmingUp | SensorFault | Saturated | StuckValue;
    }
}
