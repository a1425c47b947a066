namespace Methane.Firmware.Core.Config
{
    /// <summary>Spike rejection, smoothing, stuck-value detection and clean-air baseline tracking ("filter.*").</summary>
    public sealed class FilterSettings
    {
        public const string Section = "filter";

        /// <summary>Largest median window the preallocated buffers hold.</summary>
        public const int MaxMedianWindow = 15;
        public const int MaxStuckSampleCount = 10000;

        /// <summary>Median-of-N window, odd, 1 (off) .. <see cref="MaxMedianWindow"/>.</summary>
        public int MedianWindow;
        /// <summary>EMA weight of the newest sample, 0 &lt; α ≤ 1 (1 = no smoothing).</summary>
        public double EmaAlpha;
        /// <summary>Identical raw ADC values in a row that mean "stuck"; 0 disables the check.</summary>
        public int StuckSampleCount;
        /// <summary>Below this filtered ppm the air counts as clean and the baseline may adapt.</summary>
        public double BaselineCleanAirPpm;
        /// <summary>Time constant of the baseline adaptation, seconds.</summary>
        public double BaselineTimeConstantSeconds;
        /// <summary>Largest relative correction of R0 (0.3 = R0 may move within ±30 %); 0 disables tracking.</summary>
        public double BaselineMaxCorrection;

        public string Validate()
        {
            string r;
            if ((r = ConfigCheck.Range(Section + ".medianWindow", MedianWindow, 1, MaxMedianWindow)) != null) { return r; }
            if ((MedianWindow & 1) == 0)
            {
                return ConfigCheck.Reason(Section + ".medianWindow", MedianWindow.ToString(), "an odd number 1 to " + MaxMedianWindow.ToString());
            }
            if ((r = ConfigCheck.RangeAboveMin(Section + ".emaAlpha", EmaAlpha, 0, 1)) != null) { return r; }
            if (StuckSampleCount != 0 && (r = ConfigCheck.Range(Section + ".stuckSampleCount", StuckSampleCount, 2, MaxStuckSampleCount)) != null)
            {
                return ConfigCheck.Reason(Section + ".stuckSampleCount", StuckSampleCount.ToString(), "0 (off) or 2 to " + MaxStuckSampleCount.ToString());
            }
            if ((r = ConfigCheck.RangeAboveMin(Section + ".baselineCleanAirPpm", BaselineCleanAirPpm, 0, 1000000)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".baselineTimeConstantSeconds", BaselineTimeConstantSeconds, 60, 2592000)) != null) { return r; }
            if ((r = ConfigCheck.Range(Section + ".baselineMaxCorrection", BaselineMaxCorrection, 0, 0.9)) != null) { return r; }
            return null;
        }

        public void CopyFrom(FilterSettings other)
        {
            MedianWindow = other.MedianWindow; EmaAlpha = other.EmaAlpha; StuckSampleCount = other.StuckSampleCount;
            BaselineCleanAirPpm = other.BaselineCleanAirPpm; BaselineTimeConstantSeconds = other.BaselineTimeConstantSeconds;
            BaselineMaxCorrection = other.BaselineMaxCorrection;
        }
    }
}
