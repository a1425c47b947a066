namespace Methane.Firmware.Core.Devices.Ads1115
{
    /// <summary>Data-rate and full-scale tables, and the single-shot wait derived from them.</summary>
    public static class Ads1115Timing
    {
        /// <summary>Samples per second for a DR[2:0] code.</summary>
        public static int SamplesPerSecond(DataRate rate)
        {
            switch (rate)
            {
                case DataRate.SPS008: return 8;
                case DataRate.SPS016: return 16;
                case DataRate.SPS032: return 32;
                case DataRate.SPS064: return 64;
                case DataRate.SPS128: return 128;
                case DataRate.SPS250: return 250;
                case DataRate.SPS475: return 475;
                default: return 860;
            }
        }

        /// <summary>
        /// Milliseconds to wait after starting a single-shot conversion before the first status poll. The datasheet gives
        /// the data rate with a ±10 % tolerance, so the wait covers a conversion 1/(0.9·DR) long, rounded up, plus 1 ms
        /// for the power-down wake-up and timer granularity.
        /// </summary>
        public static int ConversionWaitMilliseconds(DataRate rate)
        {
            int sps9 = 9 * SamplesPerSecond(rate);
            return (10000 + sps9 - 1) / sps9 + 1;
        }

        /// <summary>Full-scale range in volts (the ±FSR of the PGA setting).</summary>
        public static double FullScaleVolts(MeasuringRange range)
        {
            switch (range)
            {
                case MeasuringRange.FS6144: return 6.144;
                case MeasuringRange.FS4096: return 4.096;
                case MeasuringRange.FS2048: return 2.048;
                case MeasuringRange.FS1024: return 1.024;
                case MeasuringRange.FS0512: return 0.512;
                default: return 0.256;
            }
        }
    }
}
