using Methane.Firmware.Core.Config;

namespace Methane.Firmware.Core.Sensing
{
    /// <summary>
    /// Figaro TGS2611 in its measuring circuit: Vc across the sensor Rs in series with the load resistor RL, Vout across RL,
    /// seen by the ADC through an optional divider. Turns one ADC voltage into Rs, Rs/R0 and ppm. Every coefficient comes
    /// from <see cref="MethaneCalibration"/> (held by reference, so a config update takes effect on the next sample).
    /// Allocation-free.
    /// </summary>
    public sealed class Tgs2611Model
    {
        private readonly MethaneCalibration _cal;

        public Tgs2611Model(MethaneCalibration calibration)
        {
            _cal = calibration;
        }

        /// <summary>False when the last input was out of the circuit's range (no Rs, no ppm).</summary>
        public bool HasValue { get; private set; }
        /// <summary>Sensor output voltage across RL (ADC volts × divider ratio).</summary>
        public double VoutVolts { get; private set; }
        /// <summary>Sensor resistance; 0 when out of range.</summary>
        public double RsOhms { get; private set; }
        /// <summary>Temperature/humidity factor K the ratio was divided by (1 when uncompensated).</summary>
        public double CompensationFactor { get; private set; }
        /// <summary>Rs / R0 / K, without the baseline correction: what the baseline tracker learns from.</summary>
        public double RsR0Uncorrected { get; private set; }
        /// <summary>Rs / (R0 · baseline correction) / K: the ratio the curve is applied to.</summary>
        public double RsR0 { get; private set; }
        public double Ppm { get; private set; }
        public double LelPct { get; private set; }

        /// <summary>
        /// Computes one sample. Returns <see cref="ReadingFlags"/> bits: <see cref="ReadingFlags.Saturated"/> when
        /// Vout ≤ 0 or Vout ≥ Vc (or not a number), or when the curve gives no finite ppm (Rs/R0 beyond the curve's range),
        /// <see cref="ReadingFlags.Uncompensated"/> when the environment is not
        /// usable. <paramref name="r0Correction"/> is the baseline tracker's factor on R0 (1 = none).
        /// </summary>
        public int Compute(double adcVolts, bool environmentValid, double temperatureC, double humidityPct, double r0Correction)
        {
            int flags = ReadingFlags.None;
            double vc = _cal.CircuitVolts;
            double vout = adcVolts * _cal.DividerRatio;
            VoutVolts = vout;

            double k = 1.0;
            if (environmentValid)
            {
                k = 1.0 + _cal.TemperatureCoefficientPerC * (temperatureC - _cal.ReferenceTemperatureC)
                        + _cal.HumidityCoefficientPerPct * (humidityPct - _cal.ReferenceHumidityPct);
                if (!CoreMath.Above(k, 0) || double.IsPositiveInfinity(k)) { k = 1.0; environmentValid = false; }
            }
            if (!environmentValid) { flags |= ReadingFlags.Uncompensated; }
            CompensationFactor = k;

            if (!(CoreMath.Above(vout, 0) && vout < vc) || !CoreMath.Above(r0Correction, 0) || double.IsPositiveInfinity(r0Correction))
            {
                return NoValue(flags);
            }

            double rs = _cal.LoadResistorOhms * (vc - vout) / vout;
            double uncorrected = CoreMath.Divide(CoreMath.Divide(rs, _cal.R0Ohms), k);
            double ratio = uncorrected / r0Correction;
            double ppm = _cal.CurveA * CoreMath.Pow(ratio, _cal.CurveB);
            // Rs/R0 so close to 0 that the curve overflows (or a calibration that yields NaN) is beyond the range, not a value.
            if (double.IsNaN(ppm) || double.IsInfinity(ppm))
            {
                return NoValue(flags);
            }

            HasValue = true;
            RsOhms = rs;
            RsR0Uncorrected = uncorrected;
            RsR0 = ratio;
            Ppm = ppm;
            LelPct = PpmToLelPct(ppm);
            return flags;
        }

        private int NoValue(int flags)
        {
            HasValue = false;
            RsOhms = 0; RsR0Uncorrected = 0; RsR0 = 0; Ppm = 0; LelPct = 0;
            return flags | ReadingFlags.Saturated;
        }

        /// <summary>%LEL = ppm / LEL(ppm) · 100.</summary>
        public double PpmToLelPct(double ppm)
        {
            return CoreMath.Divide(ppm, _cal.LelPpm) * 100.0;
        }
    }
}
