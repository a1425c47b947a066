using Methane.Firmware.Core.Sensing;

namespace Methane.Firmware.Core.Wind
{
    /// <summary>
    /// One publish interval of 1 Hz wind samples reduced to what dispersion needs: scalar mean speed (total pulses over total
    /// time), gust (highest 3-sample running mean, WMO's 3-second gust), unit-vector mean direction and its standard
    /// deviation σθ by Yamartino's single-pass estimator (Yamartino 1984, J. Climate Appl. Meteor. 23, 1362–1366):
    /// sa = mean sin θ, ca = mean cos θ, ε = √(1 − (sa² + ca²)), σθ = arcsin(ε) · (1 + (2/√3 − 1) ε³), mean θ = atan2(sa, ca).
    /// The mean direction comes from the sums, never from averaging angles, so 350° and 10° average to 0°, not 180°.
    /// Allocation-free.
    /// </summary>
    public sealed class WindStatistics
    {
        /// <summary>2/√3 − 1, Yamartino's coefficient.</summary>
        public const double YamartinoB = 0.1547005383792515;
        public const int GustSamples = 3;
        /// <summary>Completeness rule: at least 75 % of the expected samples.</summary>
        public const double MinCompleteness = 0.75;
        /// <summary>The vane counts as stuck when its ADC codes span at most this many steps while the wind blows.</summary>
        public const int StuckSpanCodes = 2;
        /// <summary>... and the mean speed is at least this (m/s): a free vane always moves in such wind.</summary>
        public const double StuckMinSpeedMs = 2.0;

        private readonly long[] _gustPulses = new long[GustSamples];
        private readonly long[] _gustMs = new long[GustSamples];
        private int _gustCount;
        private int _gustNext;

        public long Pulses { get; private set; }
        public long Milliseconds { get; private set; }
        public int Samples { get; private set; }
        public int DirectionSamples { get; private set; }
        public double GustMs { get; private set; }
        public int Flags { get; private set; }
        private double _sumSin;
        private double _sumCos;
        private int _minCode;
        private int _maxCode;
        private double _lastVaneVolts;
        private bool _hasVaneVolts;

        public void Reset()
        {
            Pulses = 0; Milliseconds = 0; Samples = 0; DirectionSamples = 0; GustMs = 0; Flags = 0;
            _sumSin = 0; _sumCos = 0; _minCode = int.MaxValue; _maxCode = int.MinValue;
            _gustCount = 0; _gustNext = 0; _hasVaneVolts = false; _lastVaneVolts = 0;
        }

        public WindStatistics()
        {
            Reset();
        }

        /// <summary>
        /// One sample: <paramref name="pulses"/> counted over <paramref name="elapsedMs"/>, and the vane: not answered,
        /// out of range, or a direction in degrees (with its raw ADC code and volts).
        /// </summary>
        public void Add(long pulses, long elapsedMs, double mphPerHz, bool vaneAnswered, bool vaneInRange, double directionDeg,
            int vaneCode, double vaneVolts)
        {
            if (elapsedMs <= 0) { return; }
            Samples++;
            Pulses += pulses;
            Milliseconds += elapsedMs;

            _gustPulses[_gustNext] = pulses;
            _gustMs[_gustNext] = elapsedMs;
            _gustNext = (_gustNext + 1) % GustSamples;
            if (_gustCount < GustSamples) { _gustCount++; }
            if (_gustCount == GustSamples)
            {
                long p = 0;
                long t = 0;
                for (int i = 0; i < GustSamples; i++) { p += _gustPulses[i]; t += _gustMs[i]; }
                double gust = Davis6410.SpeedMs(p, t, mphPerHz);
                if (CoreMath.Above(gust, GustMs)) { GustMs = gust; }
            }

            if (!vaneAnswered) { Flags |= WindFlags.VaneFault; return; }
            _hasVaneVolts = true;
            _lastVaneVolts = vaneVolts;
            if (!vaneInRange || double.IsNaN(directionDeg)) { Flags |= WindFlags.VaneOutOfRange; return; }
            DirectionSamples++;
            _sumSin += Trig.SinDeg(directionDeg);
            _sumCos += Trig.CosDeg(directionDeg);
            if (vaneCode < _minCode) { _minCode = vaneCode; }
            if (vaneCode > _maxCode) { _maxCode = vaneCode; }
        }

        /// <summary>Scalar mean speed, m/s (NaN before any sample).</summary>
        public double MeanSpeedMs(double mphPerHz)
        {
            return Davis6410.SpeedMs(Pulses, Milliseconds, mphPerHz);
        }

        /// <summary>
        /// Writes the wind group of <paramref name="r"/> (role met) for the interval and returns its flags.
        /// <paramref name="expectedSamples"/> is interval / sample period (for the completeness rule).
        /// </summary>
        public void WriteTo(Reading r, WindSettings settings, int expectedSamples)
        {
            int flags = Flags;
            double speed = Samples > 0 ? MeanSpeedMs(settings.MphPerHz) : double.NaN;
            double gust = _gustCount == GustSamples ? GustMs : speed;
            if (Samples > 0 && Pulses == 0) { flags |= WindFlags.NoPulses; }
            bool calm = !(CoreMath.AtLeast(speed, settings.CalmSpeedMs)) || Pulses == 0;
            if (calm) { flags |= WindFlags.Calm; }
            if (CoreMath.Above(speed, settings.MaxSpeedMs) || CoreMath.Above(gust, settings.MaxSpeedMs)) { flags |= WindFlags.SpeedOverRange; }
            if (expectedSamples > 0 && DirectionSamples < MinCompleteness * expectedSamples) { flags |= WindFlags.Incomplete; }
            if (DirectionSamples >= GustSamples && _maxCode - _minCode <= StuckSpanCodes && CoreMath.AtLeast(speed, StuckMinSpeedMs))
            {
                flags |= WindFlags.VaneStuck;
            }

            r.HasWind = true;
            r.WindSpeedMs = speed;
            r.WindGustMs = gust;
            r.WindSamples = DirectionSamples;
            r.WindPulses = Pulses;
            r.VaneVolts = _hasVaneVolts ? _lastVaneVolts : double.NaN;
            r.WindDirectionDeg = double.NaN;
            r.WindSigmaThetaDeg = double.NaN;
            if (!calm && DirectionSamples > 0 && (flags & WindFlags.VaneStuck) == 0)
            {
                double sa = _sumSin / DirectionSamples;
                double ca = _sumCos / DirectionSamples;
                double resultant = sa * sa + ca * ca;
                // NaN-safe comparisons: a ±∞ direction makes the sums NaN, which nanoCLR would order above 1 and 1e-12.
                double eps = CoreMath.AtLeast(resultant, 1) ? 0 : CoreMath.Sqrt(1 - resultant);
                double sigma = Trig.AsinDeg(eps) * (1 + YamartinoB * eps * eps * eps);
                if (CoreMath.Above(resultant, 1e-12))
                {
                    // Telemetry carries 0.1°: 359.96° is 0.0°, never 360.0°.
                    double dir = ((long)(Trig.Atan2Deg(sa, ca) * 10 + 0.5)) / 10.0;
                    r.WindDirectionDeg = dir >= 360 ? dir - 360 : dir;
                    r.WindSigmaThetaDeg = sigma;
                }
            }
            r.WindFlags = flags;
        }
    }
}
