using Methane.Firmware.Core.Sensing;

namespace Methane.Firmware.Core.Wind
{
    /// <summary>
    /// Transfer functions of the Davis Instruments 6410 anemometer (cups + vane), from its spec sheet and the Vantage Pro
    /// integrator's notes: the cups close a reed switch once per revolution and 1600 revolutions per hour = 1 mph, so
    /// V[mph] = P · 2.25 / T[s] (P pulses in T seconds); specified range 1 … 89 m/s (about 2 … 200 mph). The vane turns a
    /// 20 kΩ potentiometer read ratiometrically: θ = 360° · Vwiper / Vexcitation, plus the mounting offset (the bearing the
    /// vane points to when the wiper is at 0 V). The coefficients come from the board file (parts.anemometer, parts.windVane).
    /// </summary>
    public static class Davis6410
    {
        public const double MetresPerSecondPerMph = 0.44704;

        /// <summary>Wind speed in m/s from <paramref name="pulses"/> counted over <paramref name="milliseconds"/> (NaN for no time).</summary>
        public static double SpeedMs(long pulses, long milliseconds, double mphPerHz)
        {
            if (milliseconds <= 0) { return double.NaN; }
            double hz = CoreMath.Divide(pulses * 1000.0, milliseconds);
            return hz * mphPerHz * MetresPerSecondPerMph;
        }

        /// <summary>Direction in degrees [0, 360) from the wiper voltage; NaN when the excitation is not positive.</summary>
        public static double DirectionDeg(double wiperVolts, double excitationVolts, double offsetDeg)
        {
            if (!CoreMath.Above(excitationVolts, 0)) { return double.NaN; }
            return Trig.Normalize(360.0 * CoreMath.Divide(wiperVolts, excitationVolts) + offsetDeg);
        }
    }
}
