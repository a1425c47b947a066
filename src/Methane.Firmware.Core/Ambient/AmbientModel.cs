using Methane.Firmware.Core.Sensing;

namespace Methane.Firmware.Core.Ambient
{
    /// <summary>
    /// Methane near ambient (≈2 … 50 ppm) from the TGS2611's resistance, following the co-location calibrations of the
    /// low-cost sensor literature: a linear model in ln Rs with temperature and humidity terms (Eugster and Kling 2012,
    /// AMT 5, 1925; absolute humidity as in Eugster et al. 2020, AMT 13, 2681), fitted against a reference analyser and
    /// checked for drift over weeks (Riddick et al. 2020; Furuta et al. 2022, AMT 15, 5117 and 2024, AMT 17, 2103, who
    /// find RMSE ≲ 0.6 ppm in 2–10 ppm for the TGS2611-E00 and a response that drifts over time):
    /// ppm = intercept + lnRsSlope · ln(Rs / 1 kΩ) + temperatureSlope · ΔT + humiditySlope · ΔAH
    ///       + temperatureSquaredSlope · ΔT² + temperatureHumiditySlope · ΔT · ΔAH + driftPerDay · (day − epochDay),
    /// ΔT = T − 20 °C, ΔAH = AH − 10 g/m³. The second-order T terms follow the interaction terms that improve low-cost
    /// methane calibrations (e.g. Riddick et al. 2020's and later multi-term regressions): the sensor's temperature and
    /// humidity factor is not linear over a field season's range.
    /// The datasheet power law (ch4_ppm, 300 … 10,000 ppm) and everything on the safety path are untouched by this.
    /// Allocation-free.
    /// </summary>
    public sealed class AmbientModel
    {
        /// <summary>Upper end of the model's range; above it the reading belongs to the datasheet curve.</summary>
        public const double MaxPpm = 50.0;
        public const double ReferenceTemperatureC = 20.0;
        public const double ReferenceHumidityGm3 = 10.0;
        public const double MillisecondsPerDay = 86400000.0;

        private readonly AmbientCalibration _cal;

        public AmbientModel(AmbientCalibration calibration)
        {
            _cal = calibration;
        }

        public AmbientCalibration Calibration { get { return _cal; } }

        /// <summary>The last result: ppm (NaN when none) and the flag bits explaining a missing or doubtful value.</summary>
        public double Ppm { get; private set; }
        public int Flags { get; private set; }

        /// <summary>
        /// Evaluates the model. <paramref name="sensorValid"/> false (warm-up, fault, saturation, stuck) or no usable
        /// environment gives no value. <paramref name="epochMs"/> is wall-clock time, or negative when the clock is not set.
        /// </summary>
        public double Compute(bool sensorValid, double rsOhms, bool environmentValid, double temperatureC, double humidityPct, long epochMs)
        {
            int flags = _cal.Fitted == 1 ? AmbientFlags.None : AmbientFlags.Uncalibrated;
            Ppm = double.NaN;
            if (!sensorValid || !CoreMath.Above(rsOhms, 0) || double.IsInfinity(rsOhms)) { flags |= AmbientFlags.SensorInvalid; }
            if (!environmentValid) { flags |= AmbientFlags.NoEnvironment; }
            if ((flags & (AmbientFlags.SensorInvalid | AmbientFlags.NoEnvironment)) != 0)
            {
                Flags = flags;
                return Ppm;
            }
            double days;
            if (epochMs < 0)
            {
                flags |= AmbientFlags.ClockUnsynced;
                days = 0;
            }
            else
            {
                days = epochMs / MillisecondsPerDay - _cal.EpochDay;
            }
            double dt = temperatureC - ReferenceTemperatureC;
            double dah = AbsoluteHumidity.GramsPerCubicMetre(temperatureC, humidityPct) - ReferenceHumidityGm3;
            double ppm = _cal.Intercept + _cal.LnRsSlope * CoreMath.Ln(rsOhms / 1000.0)
                + _cal.TemperatureSlope * dt + _cal.HumiditySlope * dah
                + _cal.TemperatureSquaredSlope * dt * dt + _cal.TemperatureHumiditySlope * dt * dah
                + _cal.DriftPerDay * days;
            if (double.IsNaN(ppm) || double.IsInfinity(ppm)) { flags |= AmbientFlags.SensorInvalid; }
            else if (ppm < 0) { flags |= AmbientFlags.BelowRange; }
            else if (ppm > MaxPpm) { flags |= AmbientFlags.AboveRange; }
            else { Ppm = ppm; }
            Flags = flags;
            return Ppm;
        }
    }
}
