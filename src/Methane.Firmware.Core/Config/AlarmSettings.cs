namespace Methane.Firmware.Core.Config
{
    /// <summary>Alarm thresholds with hysteresis and confirmation, and the rate-of-rise leak detector ("alarm.*").</summary>
    public sealed class AlarmSettings
    {
        public const string Section = "alarm";

        public const int MaxConfirmSamples = 100;

        /// <summary>Low alarm threshold, %LEL.</summary>
        public double LowLelPct;
        /// <summary>High alarm threshold, %LEL; above the low threshold.</summary>
        public double HighLelPct;
        /// <summary>A level clears only below its threshold minus this, %LEL; smaller than the low threshold.</summary>
        public double HysteresisLelPct;
        /// <summary>Consecutive samples needed to raise or to clear a level.</summary>
        public int ConfirmSamples;
        /// <summary>Rise of the filtered ppm, ppm per minute, that counts as a leak; 0 disables the detector.</summary>
        public double RateOfRisePpmPerMinute;
        /// <summary>The slope is fitted over the samples of this many seconds.</summary>
        public double RateOfRiseWindowSeconds;

        public string Validate()
        {
            string r;
            if ((r = ConfigCheck.RangeAboveMin(Section + ".lowLelPct", LowLelPct, 0, 100)) != null) { return r; }
            if ((r = ConfigCheck.RangeAboveMin(Section + ".highLelPct", HighLelPct, LowLelPct, 100)) != null)
            {
                return ConfigCheck.Reason(Section + ".highLelPct", HighLelPct.ToString(), "> alarm.lowLelPct (" + LowLelPct.ToString() + ") and <= 100");
            }
            if (!(ConfigCheck.IsNumber(HysteresisLelPct) && HysteresisLelPct >= 0 && HysteresisLelPct < LowLelPct))
            {
                return ConfigCheck.Reason(Section + ".hysteresisLelPct", HysteresisLelPct.ToString(), ">= 0 and < alarm.lowLelPct (" + LowLelPct.ToString() + ")");
            }
            if ((r = ConfigCheck.Range(Section + ".confirmSamples", ConfirmSamples, 1, MaxConfirmSamples)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".rateOfRisePpmPerMinute", RateOfRisePpmPerMinute, 0, 1000000)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".rateOfRiseWindowSeconds", RateOfRiseWindowSeconds, 1, 3600)) != null) { return r; }
            return null;
        }

        public void CopyFrom(AlarmSettings other)
        {
            LowLelPct = other.LowLelPct; HighLelPct = other.HighLelPct; HysteresisLelPct = other.HysteresisLelPct;
            ConfirmSamples = other.ConfirmSamples; RateOfRisePpmPerMinute = other.RateOfRisePpmPerMinute;
            RateOfRiseWindowSeconds = other.RateOfRiseWindowSeconds;
        }
    }
}
