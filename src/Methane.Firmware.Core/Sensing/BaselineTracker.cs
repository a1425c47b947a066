using Methane.Firmware.Core.Config;

namespace Methane.Firmware.Core.Sensing
{
    /// <summary>
    /// Slow drift correction of R0. While the filtered reading says "clean air" (below the clean-air threshold), the
    /// correction k (effective R0 = R0·k) moves towards the value that would make Rs/R0 equal the calibrated clean-air
    /// ratio, with a first-order time constant; k never leaves [1 − max, 1 + max]. Any non-clean sample pauses learning
    /// and the elapsed time is not credited, so a gas episode never turns into one big step afterwards.
    /// </summary>
    public sealed class BaselineTracker
    {
        private readonly FilterSettings _filter;
        private readonly MethaneCalibration _cal;
        private bool _hasLast;
        private long _lastMs;

        public BaselineTracker(FilterSettings filter, MethaneCalibration calibration)
        {
            _filter = filter;
            _cal = calibration;
            Correction = 1.0;
        }

        /// <summary>Factor on R0 (1 = no correction). Pass it to <see cref="Tgs2611Model.Compute"/>.</summary>
        public double Correction { get; private set; }

        /// <summary>Sets the correction (e.g. restored from persistent storage), limited to the allowed band.</summary>
        public void Restore(double correction)
        {
            Correction = Limit(correction);
            _hasLast = false;
        }

        /// <summary>
        /// Feeds one sample: <paramref name="rsR0Uncorrected"/> from <see cref="Tgs2611Model.RsR0Uncorrected"/>, the
        /// filtered ppm the rest of the chain sees, and the sample's uptime.
        /// </summary>
        public void Update(double rsR0Uncorrected, double filteredPpm, long uptimeMs)
        {
            if (!(filteredPpm < _filter.BaselineCleanAirPpm) || !CoreMath.Above(rsR0Uncorrected, 0) || double.IsPositiveInfinity(rsR0Uncorrected))
            {
                _hasLast = false;
                return;
            }
            if (!_hasLast || uptimeMs <= _lastMs)
            {
                _hasLast = true;
                _lastMs = uptimeMs;
                return;
            }
            double dtSeconds = (uptimeMs - _lastMs) / 1000.0;
            _lastMs = uptimeMs;

            double target = CoreMath.Divide(rsR0Uncorrected, _cal.CleanAirRsR0);
            double weight = 1.0 - CoreMath.Exp(CoreMath.Divide(-dtSeconds, _filter.BaselineTimeConstantSeconds));
            Correction = Limit(Correction + weight * (target - Correction));
        }

        public void Reset()
        {
            Correction = 1.0;
            _hasLast = false;
        }

        private double Limit(double k)
        {
            double max = _filter.BaselineMaxCorrection;
            if (double.IsNaN(k)) { return 1.0; }
            return CoreMath.Clamp(k, 1.0 - max, 1.0 + max);
        }
    }
}
