namespace Methane.Firmware.Core.Config
{
    /// <summary>
    /// TGS2611 measuring circuit and calibration curve. No defaults here: every value comes from the board file or the
    /// device config (shadow). Field names in Validate reasons are the board-file/shadow paths ("calibration.*").
    /// Model: Vout = Vadc·DividerRatio; Rs = RL·(Vc − Vout)/Vout; ratio = Rs/(R0·k) / K(T,RH) with
    /// K = 1 + TemperatureCoefficientPerC·(T − ReferenceTemperatureC) + HumidityCoefficientPerPct·(RH − ReferenceHumidityPct)
    /// and k the baseline correction; ppm = CurveA·ratio^CurveB; %LEL = ppm / LelPpm · 100.
    /// </summary>
    public sealed class MethaneCalibration
    {
        public const string Section = "calibration";

        /// <summary>Load resistor RL in ohms (TGS2611: ≥ 0.45 kΩ).</summary>
        public double LoadResistorOhms;
        /// <summary>Circuit voltage Vc across sensor + RL, volts.</summary>
        public double CircuitVolts;
        /// <summary>Vout / Vadc: the resistor divider between RL and the ADC input (1 = none).</summary>
        public double DividerRatio;
        /// <summary>R0 = Rs in 5000 ppm methane at 20 °C / 65 %RH (TGS2611 definition), ohms; from calibration.</summary>
        public double R0Ohms;
        /// <summary>ppm at Rs/R0 = 1.</summary>
        public double CurveA;
        /// <summary>Exponent of the power-law curve; negative (Rs falls as methane rises).</summary>
        public double CurveB;
        /// <summary>Rs/R0 of this sensor in clean air; the baseline tracker steers the reading towards it.</summary>
        public double CleanAirRsR0;
        /// <summary>Lower explosive limit in ppm (methane: 5.0 %vol = 50,000 ppm).</summary>
        public double LelPpm;
        /// <summary>Conditions at which Rs/R0 is defined (Figaro standard test condition 20 °C / 65 %RH).</summary>
        public double ReferenceTemperatureC;
        public double ReferenceHumidityPct;
        /// <summary>Relative change of Rs per °C away from the reference (linear fit of the datasheet chart).</summary>
        public double TemperatureCoefficientPerC;
        /// <summary>Relative change of Rs per %RH away from the reference.</summary>
        public double HumidityCoefficientPerPct;

        /// <summary>Null when every field is in range, else the first offending field, its value and the allowed range.</summary>
        public string Validate()
        {
            string r;
            if ((r = ConfigCheck.Range(Section + ".loadResistorOhms", LoadResistorOhms, 450, 1000000)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".circuitVolts", CircuitVolts, 1, 24)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".dividerRatio", DividerRatio, 1, 100)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".r0Ohms", R0Ohms, 100, 1000000)) != null) { return r; }
            if ((r = ConfigCheck.RangeAboveMin(Section + ".curveA", CurveA, 0, 1000000)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".curveB", CurveB, -10, -0.1)) != null) { return r; }
            if ((r = ConfigCheck.RangeAboveMin(Section + ".cleanAirRsR0", CleanAirRsR0, 1, 100)) != null) { return r; }
            if ((r = ConfigCheck.RangeAboveMin(Section + ".lelPpm", LelPpm, 0, 1000000)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".referenceTemperatureC", ReferenceTemperatureC, -40, 85)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".referenceHumidityPct", ReferenceHumidityPct, 0, 100)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".temperatureCoefficientPerC", TemperatureCoefficientPerC, -0.05, 0.05)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".humidityCoefficientPerPct", HumidityCoefficientPerPct, -0.02, 0.02)) != null) { return r; }
            return null;
        }

        public void CopyFrom(MethaneCalibration other)
        {
            LoadResistorOhms = other.LoadResistorOhms; CircuitVolts = other.CircuitVolts; DividerRatio = other.DividerRatio;
            R0Ohms = other.R0Ohms; CurveA = other.CurveA; CurveB = other.CurveB; CleanAirRsR0 = other.CleanAirRsR0;
            LelPpm = other.LelPpm; ReferenceTemperatureC = other.ReferenceTemperatureC; ReferenceHumidityPct = other.ReferenceHumidityPct;
            TemperatureCoefficientPerC = other.TemperatureCoefficientPerC; HumidityCoefficientPerPct = other.HumidityCoefficientPerPct;
        }
    }
}
