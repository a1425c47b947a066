using Methane.Firmware.Core.Sensing;

namespace Methane.Firmware.Core.Ambient
{
    /// <summary>
    /// Methane background at one sensor: the lowest of the last <see cref="Blocks"/> block means of the ambient value
    /// (blocks of <see cref="BlockMilliseconds"/>), the usual low-envelope background of point-sensor networks: a plume
    /// passes, the cleanest recent block stays. A plume sitting on the sensor longer than the whole window (1 h) lifts
    /// the background and hides itself; the inversion sees that as a low-enhancement period. Learning until
    /// <see cref="MinBlocks"/> blocks are complete. Allocation-free.
    /// </summary>
    public sealed class BackgroundEstimator
    {
        public const int Blocks = 12;
        public const long BlockMilliseconds = 300000;
        public const int MinBlocks = 3;
        /// <summary>A block needs this many valid samples to count.</summary>
        public const int MinSamplesPerBlock = 3;

        private readonly double[] _means = new double[Blocks];
        private int _count;
        private int _next;
        private long _blockStart = -1;
        private double _sum;
        private int _n;

        public void Reset()
        {
            _count = 0; _next = 0; _blockStart = -1; _sum = 0; _n = 0;
        }

        public int CompleteBlocks { get { return _count; } }

        /// <summary>Adds one sample at <paramref name="uptimeMs"/> (a NaN ppm only advances the block clock).</summary>
        public void Add(long uptimeMs, double ppm)
        {
            if (_blockStart < 0) { _blockStart = uptimeMs; }
            if (uptimeMs - _blockStart >= BlockMilliseconds)
            {
                if (_n >= MinSamplesPerBlock)
                {
                    _means[_next] = _sum / _n;
                    _next = (_next + 1) % Blocks;
                    if (_count < Blocks) { _count++; }
                }
                _sum = 0;
                _n = 0;
                _blockStart = uptimeMs;
            }
            if (!double.IsNaN(ppm))
            {
                _sum += ppm;
                _n++;
            }
        }

        /// <summary>The background (NaN before the first complete block) and its flags (<see cref="AmbientFlags.Learning"/>).</summary>
        public double Estimate(out int flags)
        {
            flags = _count < MinBlocks ? AmbientFlags.Learning : AmbientFlags.None;
            if (_count == 0) { return double.NaN; }
            double min = _means[0];
            for (int i = 1; i < _count; i++)
            {
                // CoreMath.Above: nanoCLR treats +∞ and −∞ as equal, so "<" would keep +∞ over a −∞ block mean.
                if (CoreMath.Above(min, _means[i])) { min = _means[i]; }
            }
            return min;
        }
    }
}
