namespace Methane.Firmware.Core.Config
{
    /// <summary>Heater warm-up and the plausible range of the SHT4x values used for compensation ("sensing.*").</summary>
    public sealed class SensingSettings
    {
        public const string Section = "sensing";

        /// <summary>Seconds after boot (or heater restart) during which readings are flagged and alarms inhibited.</summary>
        public int WarmUpSeconds;
        public double TemperatureMinC;
        public double TemperatureMaxC;
        public double HumidityMinPct;
        public double HumidityMaxPct;

        public string Validate()
        {
            string r;
            if ((r = ConfigCheck.Range(Section + ".warmUpSeconds", WarmUpSeconds, 0, 3600)) != null) { return r; }
            // SHT4x measuring range: −40..125 °C, 0..100 %RH.
            if ((r = ConfigCheck.Range(Section + ".temperatureMinC", TemperatureMinC, -40, 125)) != null) { return r; }
            if (!(ConfigCheck.IsNumber(TemperatureMaxC) && TemperatureMaxC > TemperatureMinC && TemperatureMaxC <= 125))
            {
                return ConfigCheck.Reason(Section + ".temperatureMaxC", TemperatureMaxC.ToString(), "> sensing.temperatureMinC (" + TemperatureMinC.ToString() + ") and <= 125");
            }
            if ((r = ConfigCheck.Range(Section + ".humidityMinPct", HumidityMinPct, 0, 100)) != null) { return r; }
            if (!(ConfigCheck.IsNumber(HumidityMaxPct) && HumidityMaxPct > HumidityMinPct && HumidityMaxPct <= 100))
            {
                return ConfigCheck.Reason(Section + ".humidityMaxPct", HumidityMaxPct.ToString(), "> sensing.humidityMinPct (" + HumidityMinPct.ToString() + ") and <= 100");
            }
            return null;
        }

        /// <summary>True when both values are inside the plausible ranges (inclusive); NaN is never plausible.</summary>
        public bool IsPlausible(double temperatureC, double humidityPct)
        {
            return !double.IsNaN(temperatureC) && !double.IsNaN(humidityPct)
                && temperatureC >= TemperatureMinC && temperatureC <= TemperatureMaxC
                && humidityPct >= HumidityMinPct && humidityPct <= HumidityMaxPct;
        }

        public void CopyFrom(SensingSettings other)
        {
            WarmUpSeconds = other.WarmUpSeconds; TemperatureMinC = other.TemperatureMinC; TemperatureMaxC = other.TemperatureMaxC;
            HumidityMinPct = other.HumidityMinPct; HumidityMaxPct = other.HumidityMaxPct;
        }
    }
}
