using Methane.Firmware.Core.Config;

namespace Methane.Firmware.Core.Sensing
{
    /// <summary>
    /// The methane half of one measurement cycle, from an ADC result to the methane, alarm and flag fields of a
    /// <see cref="Reading"/>: stuck check → TGS2611 model (with T/RH compensation and baseline correction) → median →
    /// EMA → warm-up gate → baseline learning, alarm state machine, rate-of-rise. Holds the settings objects by reference;
    /// call <see cref="ApplySettings"/> after changing them. Allocation-free after construction.
    /// </summary>
    public sealed class MethaneChannel
    {
        private readonly MethaneCalibration _calibration;
        private readonly FilterSettings _filter;
        private readonly SensingSettings _sensing;
        private readonly MedianFilter _median;
        private readonly EmaFilter _ema;
        private readonly StuckValueDetector _stuck;

        public MethaneChannel(MethaneCalibration calibration, FilterSettings filter, AlarmSettings alarm, SensingSettings sensing)
        {
            _calibration = calibration;
            _filter = filter;
            _sensing = sensing;
            Model = new Tgs2611Model(calibration);
            _median = new MedianFilter(FilterSettings.MaxMedianWindow, filter.MedianWindow);
            _ema = new EmaFilter(filter.EmaAlpha);
            _stuck = new StuckValueDetector(filter.StuckSampleCount);
            Baseline = new BaselineTracker(filter, calibration);
            WarmUp = new WarmUpTimer(sensing);
            Alarm = new AlarmStateMachine(alarm);
            RateOfRise = new RateOfRiseDetector(alarm);
        }

        public Tgs2611Model Model { get; private set; }
        public BaselineTracker Baseline { get; private set; }
        public WarmUpTimer WarmUp { get; private set; }
        public AlarmStateMachine Alarm { get; private set; }
        public RateOfRiseDetector RateOfRise { get; private set; }

        /// <summary>Takes over changed filter settings (median window, EMA alpha, stuck count); restarts the filters.</summary>
        public void ApplySettings()
        {
            if (_median.Window != _filter.MedianWindow) { _median.Window = _filter.MedianWindow; }
            _ema.Alpha = _filter.EmaAlpha;
            _ema.Reset();
            _median.Reset();
            _stuck.SampleCount = _filter.StuckSampleCount;
        }

        /// <summary>
        /// Fills the methane fields of <paramref name="reading"/> and ORs its flag bits in. The environment fields
        /// (HasEnvironment, TemperatureC, RelativeHumidityPct) must already be set for this cycle.
        /// <paramref name="adcAnswered"/> false = NACK/bus error; <paramref name="adcAtFullScale"/> = raw at the ADC's limit.
        /// A sample without a valid methane value (fault, saturation, stuck) keeps the alarm level and restarts its confirmation.
        /// </summary>
        public void Process(long uptimeMs, bool adcAnswered, int adcRaw, double adcVolts, bool adcAtFullScale, Reading reading)
        {
            int flags = 0;
            bool warming = WarmUp.IsWarmingUp(uptimeMs);
            if (warming) { flags |= ReadingFlags.WarmingUp; }

            bool envUsable = false;
            if (reading.HasEnvironment)
            {
                envUsable = _sensing.IsPlausible(reading.TemperatureC, reading.RelativeHumidityPct);
                if (!envUsable) { flags |= ReadingFlags.EnvOutOfRange; }
            }

            reading.HasMethane = false;
            reading.Ch4Ppm = 0;
            reading.LelPct = 0;
            if (!adcAnswered)
            {
                reading.HasRaw = false;
                reading.AdcRaw = 0; reading.VoutVolts = 0; reading.RsOhms = 0; reading.RsR0 = 0;
                Finish(reading, flags | ReadingFlags.SensorFault, warming);
                return;
            }

            reading.HasRaw = true;
            reading.AdcRaw = adcRaw;
            // A reading pinned at full scale is saturation, not a frozen converter: it must not mask the over-range alarm.
            if (_stuck.Add(adcRaw) && !adcAtFullScale) { flags |= ReadingFlags.StuckValue; }
            if (adcAtFullScale) { flags |= ReadingFlags.Saturated; }

            flags |= Model.Compute(adcVolts, envUsable, reading.TemperatureC, reading.RelativeHumidityPct, Baseline.Correction);
            reading.VoutVolts = Model.VoutVolts;
            reading.RsOhms = Model.RsOhms;
            reading.RsR0 = Model.RsR0;
            if ((flags & (ReadingFlags.Saturated | ReadingFlags.StuckValue)) != 0 || !Model.HasValue)
            {
                if (!warming && (flags & ReadingFlags.StuckValue) == 0 && IsOverRangeHigh(adcRaw, adcAtFullScale))
                {
                    // Gas-detector practice: a reading beyond the top of the range is what a very large leak looks like, so it
                    // counts towards the high alarm (still N-sample confirmed) instead of being treated as "no data".
                    Alarm.Update(double.MaxValue);
                    reading.Alarm = Alarm.Level;
                    reading.Flags |= flags;
                    return;
                }
                Finish(reading, flags, warming);
                return;
            }

            double ppm = _ema.Add(_median.Add(Model.Ppm));
            reading.HasMethane = true;
            reading.Ch4Ppm = ppm;
            reading.LelPct = Model.PpmToLelPct(ppm);

            if (warming)
            {
                Finish(reading, flags, true);
                return;
            }
            Baseline.Update(Model.RsR0Uncorrected, ppm, uptimeMs);
            Alarm.Update(reading.LelPct);
            if (RateOfRise.Add(uptimeMs, ppm)) { flags |= ReadingFlags.RateOfRise; }
            reading.Alarm = Alarm.Level;
            reading.Flags |= flags;
        }

        /// <summary>High gas drives Vout up towards Vc: positive ADC full scale or Vout ≥ Vc. Vout ≤ 0 is an open circuit, not gas.</summary>
        private bool IsOverRangeHigh(int adcRaw, bool adcAtFullScale)
        {
            if (adcAtFullScale) { return adcRaw > 0; }
            return CoreMath.AtLeast(Model.VoutVolts, _calibration.CircuitVolts);
        }

        private void Finish(Reading reading, int flags, bool warming)
        {
            if (warming)
            {
                Alarm.Reset();
                RateOfRise.Reset();
            }
            else
            {
                Alarm.Hold();
            }
            reading.Alarm = Alarm.Level;
            reading.Flags |= flags;
        }
    }
}
