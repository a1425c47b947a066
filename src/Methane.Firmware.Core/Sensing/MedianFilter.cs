namespace Methane.Firmware.Core.Sensing
{
    /// <summary>
    /// Median of the last N samples: rejects isolated spikes (up to (N−1)/2 in a window) without the lag of an average.
    /// Ring buffer and sort scratch are allocated once for the largest window.
    /// </summary>
    public sealed class MedianFilter
    {
        private readonly double[] _ring;
        private readonly double[] _sorted;
        private int _window;
        private int _next;
        private int _count;

        public MedianFilter(int maxWindow, int window)
        {
            _ring = new double[maxWindow];
            _sorted = new double[maxWindow];
            Window = window;
        }

        public int MaxWindow { get { return _ring.Length; } }

        /// <summary>Samples the median is taken over (1 .. MaxWindow); changing it restarts the filter.</summary>
        public int Window
        {
            get { return _window; }
            set
            {
                if (value < 1 || value > _ring.Length) { throw new System.ArgumentOutOfRangeException("value"); }
                _window = value;
                Reset();
            }
        }

        /// <summary>Samples currently held (reaches Window once filled).</summary>
        public int Count { get { return _count; } }

        public void Reset()
        {
            _next = 0;
            _count = 0;
        }

        /// <summary>
        /// Adds a sample and returns the median of the held samples (mean of the middle two while an even number is held).
        /// NaN sorts above every number: an isolated NaN is rejected like a spike, a window of NaN gives NaN.
        /// </summary>
        public double Add(double value)
        {
            _ring[_next] = value;
            _next = _next + 1 == _window ? 0 : _next + 1;
            if (_count < _window) { _count++; }

            // Insertion sort of at most MaxWindow values into the scratch array.
            for (int i = 0; i < _count; i++)
            {
                double v = _ring[i];
                int j = i - 1;
                while (j >= 0 && SortsAfter(_sorted[j], v))
                {
                    _sorted[j + 1] = _sorted[j];
                    j--;
                }
                _sorted[j + 1] = v;
            }
            int mid = _count >> 1;
            return (_count & 1) == 1 ? _sorted[mid] : 0.5 * (_sorted[mid - 1] + _sorted[mid]);
        }

        /// <summary>
        /// Sort order with NaN above +∞, so a NaN sample is rejected like a spike. Written out because nanoCLR answers a
        /// comparison with NaN as if the left side were greater and compares +∞ and −∞ as equal.
        /// </summary>
        private static bool SortsAfter(double a, double b)
        {
            if (double.IsNaN(a)) { return !double.IsNaN(b); }
            if (double.IsNaN(b)) { return false; }
            if (double.IsPositiveInfinity(a)) { return !double.IsPositiveInfinity(b); }
            if (double.IsNegativeInfinity(a)) { return false; }
            if (double.IsInfinity(b)) { return double.IsNegativeInfinity(b); }
            return a > b;
        }
    }
}
