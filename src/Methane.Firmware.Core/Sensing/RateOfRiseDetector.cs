using Methane.Firmware.Core.Config;

namespace Methane.Firmware.Core.Sensing
{
    /// <summary>
    /// Leak detector on the trend rather than the level: least-squares slope of ppm against time over the samples of the
    /// last window, compared with a threshold in ppm/min. It needs at least three samples spanning at least half the
    /// window before it can fire, so a single jump between two samples is left to the median filter and the alarm levels.
    /// Ring buffer of <see cref="Capacity"/> (timestamp, ppm) pairs, allocated once; with more samples per window than
    /// that, the slope covers the newest <see cref="Capacity"/> samples.
    /// </summary>
    public sealed class RateOfRiseDetector
    {
        public const int Capacity = 64;
        private const int MinSamples = 3;

        private readonly AlarmSettings _settings;
        private readonly long[] _times = new long[Capacity];
        private readonly double[] _values = new double[Capacity];
        private int _next;
        private int _count;

        public RateOfRiseDetector(AlarmSettings settings)
        {
            _settings = settings;
            SlopePpmPerMinute = double.NaN;
        }

        /// <summary>Slope fitted at the last <see cref="Add"/>; NaN when there was not enough data.</summary>
        public double SlopePpmPerMinute { get; private set; }

        /// <summary>Adds a filtered ppm sample; true when the fitted slope is at or above the threshold (and the detector is enabled).</summary>
        public bool Add(long uptimeMs, double ppm)
        {
            if (_count > 0)
            {
                int newest = _next == 0 ? Capacity - 1 : _next - 1;
                if (uptimeMs <= _times[newest]) { Reset(); }
            }
            _times[_next] = uptimeMs;
            _values[_next] = ppm;
            _next = _next + 1 == Capacity ? 0 : _next + 1;
            if (_count < Capacity) { _count++; }

            SlopePpmPerMinute = FitSlope(uptimeMs);
            double threshold = _settings.RateOfRisePpmPerMinute;
            // The slope is NaN until enough samples span the window: that must never count as a rise (on nanoCLR a bare
            // 'NaN >= threshold' is true, which fired a false alarm after every warm-up).
            return CoreMath.Above(threshold, 0) && CoreMath.AtLeast(SlopePpmPerMinute, threshold);
        }

        public void Reset()
        {
            _next = 0;
            _count = 0;
            SlopePpmPerMinute = double.NaN;
        }

        private double FitSlope(long nowMs)
        {
            double windowMs = _settings.RateOfRiseWindowSeconds * 1000.0;
            if (!CoreMath.Above(windowMs, 0)) { return double.NaN; }
            // Times relative to the newest sample, in minutes, keep the sums small and exact enough.
            double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, oldest = 0;
            int index = _next;
            for (int i = 0; i < _count; i++)
            {
                index = index == 0 ? Capacity - 1 : index - 1;
                double ageMs = nowMs - _times[index];
                if (ageMs > windowMs) { break; }
                double x = -ageMs / 60000.0;
                double y = _values[index];
                n++; sx += x; sy += y; sxx += x * x; sxy += x * y;
                oldest = ageMs;
            }
            if (n < MinSamples || oldest * 2 < windowMs) { return double.NaN; }
            double denominator = n * sxx - sx * sx;
            if (!CoreMath.Above(denominator, 0)) { return double.NaN; }
            return (n * sxy - sx * sy) / denominator;
        }
    }
}
