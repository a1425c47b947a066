using Methane.Firmware.Core.App;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Shadow;

namespace Methane.Firmware.Core.CommandConsole
{
    /// <summary>
    /// The settings a technician may read and change, by their board-file/shadow path names ("alarm.lowLelPct"). A change is
    /// applied to the live config object, checked by that object's own Validate, and undone if Validate refuses it, so the
    /// console, the board loader and the shadow share one set of range rules. Hardware wiring (bus, pins, addresses) is not here.
    /// </summary>
    public sealed class ConfigTable : ISettingsTable
    {
        private static readonly string[] Names =
        {
            "device.sampleIntervalSeconds", "device.healthIntervalSeconds",
            "alarm.lowLelPct", "alarm.highLelPct", "alarm.hysteresisLelPct", "alarm.confirmSamples",
            "alarm.rateOfRisePpmPerMinute", "alarm.rateOfRiseWindowSeconds",
            "filter.medianWindow", "filter.emaAlpha", "filter.stuckSampleCount", "filter.baselineCleanAirPpm",
            "filter.baselineTimeConstantSeconds", "filter.baselineMaxCorrection",
            "calibration.r0Ohms", "calibration.loadResistorOhms", "calibration.circuitVolts", "calibration.dividerRatio",
            "calibration.curveA", "calibration.curveB", "calibration.cleanAirRsR0",
            "calibration.temperatureCoefficientPerC", "calibration.humidityCoefficientPerPct",
            "sensing.warmUpSeconds", "sensing.temperatureMinC", "sensing.temperatureMaxC", "sensing.humidityMinPct", "sensing.humidityMaxPct",
            "parts.ads1115.fullScaleMillivolts", "parts.ads1115.dataRateSps",
            "device.publishIntervalSeconds", "device.rawDiagnostics",
            "ambient.intercept", "ambient.lnRsSlope", "ambient.temperatureSlope", "ambient.humiditySlope",
            "ambient.temperatureSquaredSlope", "ambient.temperatureHumiditySlope", "ambient.driftPerDay",
            "ambient.epochDay", "ambient.sigmaPpm", "ambient.fitted", "ambient.checksum",
        };

        private const int FirstAmbient = 32;

        // Whole-number settings (the rest are doubles).
        private static readonly bool[] Integer =
        {
            true, true,
            false, false, false, true, false, false,
            true, false, true, false, false, false,
            false, false, false, false, false, false, false, false, false,
            true, false, false, false, false,
            true, true,
            true, true,
            false, false, false, false, false, false, false, false, false, true, true,
        };

        // Single-field bounds (the widest each Validate allows) for the shadow's own range check; cross-field rules
        // (low < high, hysteresis < low, odd median window, …) are left to Validate in SetAt.
        private static readonly double[] Min =
        {
            1, 10,
            0, 0, 0, 1, 0, 1,
            1, 0, 0, 0, 60, 0,
            100, 450, 1, 1, 0, -10, 1, -0.05, -0.02,
            0, -40, -40, 0, 0,
            256, 8,
            0, 0,
            -10000, -10000, -100, -100, -10, -10, -5, 0, 0.01, 0, 0,
        };

        private static readonly double[] Max =
        {
            3600, 86400,
            100, 100, 100, AlarmSettings.MaxConfirmSamples, 1000000, 3600,
            FilterSettings.MaxMedianWindow, 1, FilterSettings.MaxStuckSampleCount, 1000000, 2592000, 0.9,
            1000000, 1000000, 24, 100, 1000000, -0.1, 100, 0.05, 0.02,
            3600, 125, 125, 100, 100,
            6144, 860,
            DeviceSettings.MaxPublishIntervalSeconds, 1,
            10000, -0.001, 100, 100, 10, 10, 5, 100000, 2.5, 1, int.MaxValue,
        };

        private readonly BoardConfig _board;
        private readonly DeviceSettings _device;

        public ConfigTable(BoardConfig board, DeviceSettings device)
        {
            _board = board;
            _device = device;
        }

        public int Count { get { return Names.Length; } }

        public string NameAt(int index) { return Names[index]; }

        public bool IsIntegerAt(int index) { return Integer[index]; }

        public double MinAt(int index) { return Min[index]; }

        public double MaxAt(int index) { return Max[index]; }

        // The ambient coefficients travel with 9 decimals: their checksum is taken over values rounded to 10^-9.
        public int DecimalsAt(int index) { return Integer[index] ? 0 : (index >= FirstAmbient ? Ambient.AmbientCalibration.Decimals : 6); }

        /// <summary>The shadow's setter: the value already passed its single-field range; see <see cref="ValidateAll"/>.</summary>
        public void SetAt(int index, double value)
        {
            Store(index, value);
        }

        /// <summary>Cross-field rules (low &lt; high, hysteresis &lt; low, odd median window, …) of the whole configuration.</summary>
        public string ValidateAll()
        {
            string reason = _device.Validate();
            if (reason == null) reason = _board.Validate();
            return reason;
        }

        /// <summary>Index of <paramref name="name"/> (exact, case-sensitive), -1 when unknown.</summary>
        public int IndexOf(string name)
        {
            for (int i = 0; i < Names.Length; i++)
            {
                if (Names[i] == name) return i;
            }
            return -1;
        }

        public double GetAt(int index)
        {
            MethaneCalibration c = _board.Calibration;
            FilterSettings f = _board.Filter;
            AlarmSettings a = _board.Alarm;
            SensingSettings s = _board.Sensing;
            switch (index)
            {
                case 0: return _device.SampleIntervalSeconds;
                case 1: return _device.HealthIntervalSeconds;
                case 2: return a.LowLelPct;
                case 3: return a.HighLelPct;
                case 4: return a.HysteresisLelPct;
                case 5: return a.ConfirmSamples;
                case 6: return a.RateOfRisePpmPerMinute;
                case 7: return a.RateOfRiseWindowSeconds;
                case 8: return f.MedianWindow;
                case 9: return f.EmaAlpha;
                case 10: return f.StuckSampleCount;
                case 11: return f.BaselineCleanAirPpm;
                case 12: return f.BaselineTimeConstantSeconds;
                case 13: return f.BaselineMaxCorrection;
                case 14: return c.R0Ohms;
                case 15: return c.LoadResistorOhms;
                case 16: return c.CircuitVolts;
                case 17: return c.DividerRatio;
                case 18: return c.CurveA;
                case 19: return c.CurveB;
                case 20: return c.CleanAirRsR0;
                case 21: return c.TemperatureCoefficientPerC;
                case 22: return c.HumidityCoefficientPerPct;
                case 23: return s.WarmUpSeconds;
                case 24: return s.TemperatureMinC;
                case 25: return s.TemperatureMaxC;
                case 26: return s.HumidityMinPct;
                case 27: return s.HumidityMaxPct;
                case 28: return _board.Adc.FullScaleMillivolts;
                case 29: return _board.Adc.DataRateSps;
                case 30: return _device.PublishIntervalSeconds;
                case 31: return _device.RawDiagnostics ? 1 : 0;
                case 32: return _board.Ambient.Intercept;
                case 33: return _board.Ambient.LnRsSlope;
                case 34: return _board.Ambient.TemperatureSlope;
                case 35: return _board.Ambient.HumiditySlope;
                case 36: return _board.Ambient.TemperatureSquaredSlope;
                case 37: return _board.Ambient.TemperatureHumiditySlope;
                case 38: return _board.Ambient.DriftPerDay;
                case 39: return _board.Ambient.EpochDay;
                case 40: return _board.Ambient.SigmaPpm;
                case 41: return _board.Ambient.Fitted;
                case 42: return _board.Ambient.Checksum;
                default: throw new System.ArgumentOutOfRangeException("index");
            }
        }

        /// <summary>
        /// Sets a value and validates; null when accepted, else the reason ("field = value: expected …") and the old value
        /// is back in place. Integer settings refuse fractions.
        /// </summary>
        public string TrySetAt(int index, double value)
        {
            // NaN and ±∞ are refused before the (long) cast: .NET and nanoCLR convert them to different integers.
            if (Integer[index] && (double.IsNaN(value) || double.IsInfinity(value) || value > int.MaxValue || value < int.MinValue
                || value != (double)(long)value))
            {
                return Names[index] + " = " + value.ToString() + ": expected a whole number";
            }
            double old = GetAt(index);
            Store(index, value);
            string reason = _device.Validate();
            if (reason == null) reason = _board.Validate();
            if (reason != null) Store(index, old);
            return reason;
        }

        private void Store(int index, double v)
        {
            MethaneCalibration c = _board.Calibration;
            FilterSettings f = _board.Filter;
            AlarmSettings a = _board.Alarm;
            SensingSettings s = _board.Sensing;
            int n = (int)v;
            switch (index)
            {
                case 0: _device.SampleIntervalSeconds = n; break;
                case 1: _device.HealthIntervalSeconds = n; break;
                case 2: a.LowLelPct = v; break;
                case 3: a.HighLelPct = v; break;
                case 4: a.HysteresisLelPct = v; break;
                case 5: a.ConfirmSamples = n; break;
                case 6: a.RateOfRisePpmPerMinute = v; break;
                case 7: a.RateOfRiseWindowSeconds = v; break;
                case 8: f.MedianWindow = n; break;
                case 9: f.EmaAlpha = v; break;
                case 10: f.StuckSampleCount = n; break;
                case 11: f.BaselineCleanAirPpm = v; break;
                case 12: f.BaselineTimeConstantSeconds = v; break;
                case 13: f.BaselineMaxCorrection = v; break;
                case 14: c.R0Ohms = v; break;
                case 15: c.LoadResistorOhms = v; break;
                case 16: c.CircuitVolts = v; break;
                case 17: c.DividerRatio = v; break;
                case 18: c.CurveA = v; break;
                case 19: c.CurveB = v; break;
                case 20: c.CleanAirRsR0 = v; break;
                case 21: c.TemperatureCoefficientPerC = v; break;
                case 22: c.HumidityCoefficientPerPct = v; break;
                case 23: s.WarmUpSeconds = n; break;
                case 24: s.TemperatureMinC = v; break;
                case 25: s.TemperatureMaxC = v; break;
                case 26: s.HumidityMinPct = v; break;
                case 27: s.HumidityMaxPct = v; break;
                case 28: _board.Adc.FullScaleMillivolts = n; break;
                case 29: _board.Adc.DataRateSps = n; break;
                case 30: _device.PublishIntervalSeconds = n; break;
                case 31: _device.RawDiagnostics = n != 0; break;
                case 32: _board.Ambient.Intercept = v; break;
                case 33: _board.Ambient.LnRsSlope = v; break;
                case 34: _board.Ambient.TemperatureSlope = v; break;
                case 35: _board.Ambient.HumiditySlope = v; break;
                case 36: _board.Ambient.TemperatureSquaredSlope = v; break;
                case 37: _board.Ambient.TemperatureHumiditySlope = v; break;
                case 38: _board.Ambient.DriftPerDay = v; break;
                case 39: _board.Ambient.EpochDay = v; break;
                case 40: _board.Ambient.SigmaPpm = v; break;
                case 41: _board.Ambient.Fitted = n; break;
                case 42: _board.Ambient.Checksum = n; break;
                default: throw new System.ArgumentOutOfRangeException("index");
            }
        }
    }
}
