using Methane.Firmware.Core.Sensing;

namespace Methane.Firmware.Core.Ambient
{
    /// <summary>
    /// The ambient half of a gas reading: <see cref="AmbientModel"/> on this sample's Rs, T and RH, then the background
    /// and the enhancement above it, each with its quality bits, into the reading's ambient group. Runs after the safety
    /// path has filled the reading and changes none of its fields. Allocation-free.
    /// </summary>
    public sealed class AmbientEstimator
    {
        /// <summary>An enhancement under this many σ of the noise floor is flagged below-noise.</summary>
        public const double DetectionSigmas = 3.0;

        private readonly AmbientModel _model;
        private readonly BackgroundEstimator _background = new BackgroundEstimator();

        public AmbientEstimator(AmbientCalibration calibration)
        {
            _model = new AmbientModel(calibration);
        }

        public AmbientModel Model { get { return _model; } }
        public BackgroundEstimator Background { get { return _background; } }

        /// <summary>Fills the ambient group of <paramref name="r"/> (role gas) from its safety-path fields.</summary>
        public void Process(Reading r, long uptimeMs, long epochMs)
        {
            bool sensorValid = r.HasRaw && r.RsOhms > 0 && (r.Flags & ReadingFlags.InvalidMask) == 0;
            bool envValid = r.HasEnvironment && (r.Flags & (ReadingFlags.EnvOutOfRange | ReadingFlags.Uncompensated)) == 0;
            double ppm = _model.Compute(sensorValid, r.RsOhms, envValid, r.TemperatureC, r.RelativeHumidityPct, epochMs);
            int ambFlags = _model.Flags;
            _background.Add(uptimeMs, ppm);
            int learning;
            double bg = _background.Estimate(out learning);
            double sigma = _model.Calibration.SigmaPpm;

            r.HasAmbient = true;
            r.AmbientPpm = ppm;
            r.BackgroundPpm = bg;
            r.AmbientSigmaPpm = sigma;
            // ch4_bg_flags qualifies this sample's ambient value and the background; the enhancement needs both.
            r.BackgroundFlags = ambFlags | learning;
            if (double.IsNaN(bg)) { r.BackgroundFlags |= AmbientFlags.Learning; }
            int enh = r.BackgroundFlags;
            if (!double.IsNaN(ppm) && !double.IsNaN(bg) && CoreMath.Abs(ppm - bg) < DetectionSigmas * sigma) { enh |= AmbientFlags.BelowNoise; }
            r.EnhancementFlags = enh;
        }
    }
}
