using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Integrity;

namespace Methane.Firmware.Core.Ambient
{
    /// <summary>
    /// Coefficients of the ambient-range TGS2611 model (<see cref="AmbientModel"/>), as a set: they come from one
    /// co-location fit (`calibrate fit`) or from the board file, and are only ever replaced whole. <see cref="Checksum"/>
    /// is a CRC-32 over every other coefficient (each rounded to 9 decimals): a shadow delta that changes some
    /// coefficients but not the checksum, or carries a checksum of another set, fails <see cref="Validate"/> and changes
    /// nothing. Names in reasons are the shadow/board-file paths ("ambient.*").
    /// </summary>
    public sealed class AmbientCalibration
    {
        public const string Section = "ambient";
        public const int Decimals = 9;

        /// <summary>ppm at ln(Rs/1 kΩ) = 0, 20 °C, 10 g/m³, calibration day.</summary>
        public double Intercept;
        /// <summary>ppm per unit of ln(Rs / 1 kΩ) (negative: Rs falls as methane rises).</summary>
        public double LnRsSlope;
        /// <summary>ppm per °C away from 20 °C.</summary>
        public double TemperatureSlope;
        /// <summary>ppm per g/m³ of absolute humidity away from 10 g/m³.</summary>
        public double HumiditySlope;
        /// <summary>ppm per °C² (curvature of the temperature response).</summary>
        public double TemperatureSquaredSlope;
        /// <summary>ppm per °C · g/m³ (temperature–humidity interaction).</summary>
        public double TemperatureHumiditySlope;
        /// <summary>ppm per day since <see cref="EpochDay"/> (sensor ageing).</summary>
        public double DriftPerDay;
        /// <summary>Days since 1970-01-01 (UTC) of the fit: where the drift term is zero.</summary>
        public double EpochDay;
        /// <summary>1 σ noise floor of the model, ppm (the fit's RMSE on held-out data).</summary>
        public double SigmaPpm;
        /// <summary>1 = fitted to this sensor by co-location, 0 = factory defaults.</summary>
        public int Fitted;
        /// <summary>CRC-32 (31 bits) of the set; see <see cref="ComputeChecksum"/>.</summary>
        public int Checksum;

        private readonly byte[] _crcBuffer = new byte[8];

        public string Validate()
        {
            string r;
            if ((r = ConfigCheck.Range(Section + ".intercept", Intercept, -10000, 10000)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".lnRsSlope", LnRsSlope, -10000, -0.001)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".temperatureSlope", TemperatureSlope, -100, 100)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".humiditySlope", HumiditySlope, -100, 100)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".temperatureSquaredSlope", TemperatureSquaredSlope, -10, 10)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".temperatureHumiditySlope", TemperatureHumiditySlope, -10, 10)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".driftPerDay", DriftPerDay, -5, 5)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".epochDay", EpochDay, 0, 100000)) != null) { return r; }
            // Telemetry carries sigma in 0.01 ppm steps up to 2.54; a model noisier than 2.5 ppm is no ambient model.
            if ((r = ConfigCheck.Range(Section + ".sigmaPpm", SigmaPpm, 0.01, 2.5)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".fitted", Fitted, 0, 1)) != null) { return r; }
            int expected = ComputeChecksum();
            if (Checksum != expected)
            {
                return ConfigCheck.Reason(Section + ".checksum", Checksum.ToString(),
                    expected.ToString() + ", the checksum of the other ambient.* values (a partial or mixed coefficient set is refused)");
            }
            return null;
        }

        /// <summary>CRC-32 over round(value · 10^9) of intercept, lnRsSlope, temperatureSlope, humiditySlope, temperatureSquaredSlope,
        /// temperatureHumiditySlope, driftPerDay, epochDay, sigmaPpm, fitted (little-endian int64 each), top bit cleared.</summary>
        public int ComputeChecksum()
        {
            uint crc = Crc32.Start();
            crc = Add(crc, Intercept);
            crc = Add(crc, LnRsSlope);
            crc = Add(crc, TemperatureSlope);
            crc = Add(crc, HumiditySlope);
            crc = Add(crc, TemperatureSquaredSlope);
            crc = Add(crc, TemperatureHumiditySlope);
            crc = Add(crc, DriftPerDay);
            crc = Add(crc, EpochDay);
            crc = Add(crc, SigmaPpm);
            crc = Add(crc, Fitted);
            return (int)(Crc32.Finish(crc) & 0x7FFFFFFFu);
        }

        private uint Add(uint crc, double value)
        {
            long q = Quantize(value);
            ByteOrder.WriteInt64(_crcBuffer, 0, q);
            return Crc32.Update(crc, _crcBuffer, 0, 8);
        }

        /// <summary>round(value · 10^9) half away from zero; 0 for NaN/∞ or beyond ±9·10^9 (Validate refuses those anyway).</summary>
        public static long Quantize(double value)
        {
            if (double.IsNaN(value) || double.IsInfinity(value) || value > 9e9 || value < -9e9) { return 0; }
            double scaled = value * 1e9;
            return (long)(scaled >= 0 ? scaled + 0.5 : scaled - 0.5);
        }

        public void CopyFrom(AmbientCalibration o)
        {
            Intercept = o.Intercept; LnRsSlope = o.LnRsSlope; TemperatureSlope = o.TemperatureSlope; HumiditySlope = o.HumiditySlope;
            TemperatureSquaredSlope = o.TemperatureSquaredSlope; TemperatureHumiditySlope = o.TemperatureHumiditySlope;
            DriftPerDay = o.DriftPerDay; EpochDay = o.EpochDay; SigmaPpm = o.SigmaPpm; Fitted = o.Fitted; Checksum = o.Checksum;
        }
    }
}
