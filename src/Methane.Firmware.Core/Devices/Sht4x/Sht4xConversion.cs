namespace Methane.Firmware.Core.Devices.Sht4x
{
    /// <summary>
    /// Signal conversions (SHT4x datasheet, "Conversion of Signal Output"). RH is returned unclamped, as the datasheet
    /// formula gives it (−6 .. 119 %RH); clamp with <see cref="ClampHumidity"/> where a physical value is needed.
    /// </summary>
    public static class Sht4xConversion
    {
        /// <summary>T [°C] = −45 + 175 · ticks / 65535.</summary>
        public static double TemperatureCelsius(int ticks)
        {
            return -45.0 + 175.0 * ticks / 65535.0;
        }

        /// <summary>RH [%] = −6 + 125 · ticks / 65535, unclamped.</summary>
        public static double RelativeHumidityPercent(int ticks)
        {
            return -6.0 + 125.0 * ticks / 65535.0;
        }

        /// <summary>T in m°C by integer arithmetic, truncated toward zero (for formatting without floating point).</summary>
        public static int TemperatureMilliCelsius(int ticks)
        {
            return (int)(-45000L + 175000L * ticks / 65535L);
        }

        /// <summary>RH in m%RH by integer arithmetic, unclamped, truncated toward zero.</summary>
        public static int RelativeHumidityMilliPercent(int ticks)
        {
            return (int)(-6000L + 125000L * ticks / 65535L);
        }

        /// <summary>Clamps a relative humidity to the physical range 0..100 %RH; NaN stays NaN.</summary>
        public static double ClampHumidity(double percent)
        {
            if (double.IsNaN(percent))
            {
                return percent;
            }

            if (percent < 0.0)
            {
                return 0.0;
            }

            return percent > 100.0 ? 100.0 : percent;
        }
    }
}
