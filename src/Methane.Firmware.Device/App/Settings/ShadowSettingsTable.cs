using Methane.Firmware.Core.CommandConsole;
using Methane.Firmware.Core.Shadow;

namespace Methane.Firmware.Device.App.Settings
{
    /// <summary>
    /// The settings operations may change through the device shadow (snake_case keys of the desired state), mapped onto the
    /// core's <see cref="ConfigTable"/> (the console's names) plus the device's deep-sleep interval. Ranges are the same as the
    /// config classes' Validate. Cross-field rules (high above low, hysteresis below low) are checked once per delta by
    /// <see cref="ValidateAll"/>; the shadow agent restores every value of a delta that breaks one and reports why.
    /// </summary>
    public sealed class ShadowSettingsTable : ISettingsTable
    {
        private const int DeepSleep = -1;

        private static readonly string[] Keys =
        {
            "sample_interval_s", "health_interval_s", "alarm_low_lel_pct", "alarm_high_lel_pct", "alarm_hysteresis_lel_pct",
            "alarm_confirm_samples", "rate_of_rise_ppm_min", "r0_ohms", "deep_sleep_s", "publish_interval_s", "raw_diagnostics",
            // The ambient coefficient set keeps the console's names: `calibrate apply` writes the same document for the
            // ESP32 and the host's virtual board, and the set's checksum makes the shadow apply it whole or not at all.
            "ambient.intercept", "ambient.lnRsSlope", "ambient.temperatureSlope", "ambient.humiditySlope",
            "ambient.temperatureSquaredSlope", "ambient.temperatureHumiditySlope", "ambient.driftPerDay", "ambient.epochDay",
            "ambient.sigmaPpm", "ambient.fitted", "ambient.checksum",
        };

        private static readonly string[] ConfigNames =
        {
            "device.sampleIntervalSeconds", "device.healthIntervalSeconds", "alarm.lowLelPct", "alarm.highLelPct",
            "alarm.hysteresisLelPct", "alarm.confirmSamples", "alarm.rateOfRisePpmPerMinute", "calibration.r0Ohms", null,
            "device.publishIntervalSeconds", "device.rawDiagnostics",
            "ambient.intercept", "ambient.lnRsSlope", "ambient.temperatureSlope", "ambient.humiditySlope",
            "ambient.temperatureSquaredSlope", "ambient.temperatureHumiditySlope", "ambient.driftPerDay", "ambient.epochDay",
            "ambient.sigmaPpm", "ambient.fitted", "ambient.checksum",
        };

        // Ranges, integrality and decimals of the ambient rows come from the core's ConfigTable (one set of rules).
        private const int FirstAmbient = 11;

        private static readonly double[] Min = { 1, 10, 0.1, 0.1, 0, 1, 0, 100, 0, 0, 0 };
        private static readonly double[] Max = { 3600, 86400, 100, 100, 99, 100, 1000000, 1000000, DevicePowerSettings.Max, 3600, 1 };
        private static readonly bool[] Integer = { true, true, false, false, false, true, false, false, true, true, true };
        private static readonly int[] Decimals = { 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0 };

        private readonly ConfigTable _config;
        private readonly DevicePowerSettings _power;
        private readonly int[] _index = new int[Keys.Length];

        public ShadowSettingsTable(ConfigTable config, DevicePowerSettings power)
        {
            _config = config;
            _power = power;
            for (int i = 0; i < Keys.Length; i++)
            {
                _index[i] = ConfigNames[i] == null ? DeepSleep : config.IndexOf(ConfigNames[i]);
                if (ConfigNames[i] != null && _index[i] < 0)
                {
                    throw new System.ArgumentException("config table has no " + ConfigNames[i]);
                }
            }
        }

        /// <summary>Settings changed since the flag was last cleared (the device persists them and re-applies the loop).</summary>
        public bool Changed;

        public int Count
        {
            get { return Keys.Length; }
        }

        public string NameAt(int index)
        {
            return Keys[index];
        }

        public double MinAt(int index)
        {
            return index >= FirstAmbient ? _config.MinAt(_index[index]) : Min[index];
        }

        public double MaxAt(int index)
        {
            return index >= FirstAmbient ? _config.MaxAt(_index[index]) : Max[index];
        }

        public bool IsIntegerAt(int index)
        {
            return index >= FirstAmbient ? _config.IsIntegerAt(_index[index]) : Integer[index];
        }

        public int DecimalsAt(int index)
        {
            return index >= FirstAmbient ? _config.DecimalsAt(_index[index]) : Decimals[index];
        }

        public double GetAt(int index)
        {
            return _index[index] == DeepSleep ? _power.DeepSleepSeconds : _config.GetAt(_index[index]);
        }

        public void SetAt(int index, double value)
        {
            if (_index[index] == DeepSleep)
            {
                _power.DeepSleepSeconds = (int)value;
            }
            else
            {
                _config.SetAt(_index[index], value);
            }
            Changed = true;
        }

        public string ValidateAll()
        {
            return _config.ValidateAll();
        }
    }
}
