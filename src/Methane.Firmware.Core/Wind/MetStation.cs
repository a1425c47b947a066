using Methane.Firmware.Core.Bus;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Devices;
using Methane.Firmware.Core.Devices.Ads1115;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Time;

namespace Methane.Firmware.Core.Wind
{
    /// <summary>
    /// The met-station role: every <see cref="WindSettings.SampleMilliseconds"/> it reads the anemometer's pulse count and
    /// one single-shot ADS1115 conversion of the vane wiper, and adds them to the interval's <see cref="WindStatistics"/>;
    /// at each publish it writes the interval's wind group into a reading and starts a new interval. Allocation-free.
    /// </summary>
    public sealed class MetStation
    {
        /// <summary>A wiper voltage this far outside 0 … excitation is a wiring fault, not a direction (ADC offset tolerance).</summary>
        public const double VaneToleranceVolts = 0.02;

        private readonly WindSettings _settings;
        private readonly Ads1115Settings _adcSettings;
        private readonly Ads1115 _adc;
        private readonly IPulseCounter _counter;
        private readonly IClock _clock;
        private readonly WindStatistics _stats = new WindStatistics();
        private long _lastCount = -1;
        private long _lastSampleAt;
        private long _intervalStart;

        public MetStation(WindSettings settings, Ads1115Settings adcSettings, II2cDevice adcDevice, IPulseCounter counter, IClock clock)
        {
            if (settings == null) throw new System.ArgumentNullException("settings");
            if (counter == null) throw new System.ArgumentNullException("counter");
            _settings = settings;
            _adcSettings = adcSettings;
            _adc = new Ads1115(adcDevice, clock);
            _counter = counter;
            _clock = clock;
            ApplySettings();
            _intervalStart = clock.UptimeMilliseconds;
        }

        public WindSettings Settings { get { return _settings; } }
        public WindStatistics Interval { get { return _stats; } }
        public DeviceStatus LastVaneStatus { get; private set; }
        public DeviceStatus LastCounterStatus { get; private set; }
        /// <summary>The last sample's instantaneous values (for the console).</summary>
        public double LastSpeedMs { get; private set; }
        public double LastDirectionDeg { get; private set; }
        public double LastVaneVolts { get; private set; }
        public long SamplesTaken { get; private set; }

        public void ApplySettings()
        {
            _adc.MeasuringRange = (MeasuringRange)IndexOf(Ads1115Settings.FullScaleMillivoltsAllowed, _adcSettings.FullScaleMillivolts);
            _adc.DataRate = (DataRate)IndexOf(Ads1115Settings.DataRatesAllowed, _adcSettings.DataRateSps);
        }

        /// <summary>One 1 Hz sample (the first call only sets the pulse baseline).</summary>
        public void Sample()
        {
            long now = _clock.UptimeMilliseconds;
            long count;
            DeviceStatus cs = _counter.Read(out count);
            LastCounterStatus = cs;
            short raw;
            DeviceStatus vs = _adc.ReadSingleShot(_settings.VaneChannel, out raw);
            LastVaneStatus = vs;
            if (cs != DeviceStatus.Ok) { return; }
            if (_lastCount < 0 || count < _lastCount)
            {
                // First sample, or the counter restarted: a baseline, not a measurement.
                _lastCount = count;
                _lastSampleAt = now;
                return;
            }
            long pulses = count - _lastCount;
            long elapsed = now - _lastSampleAt;
            _lastCount = count;
            _lastSampleAt = now;
            if (elapsed <= 0) { return; }

            bool answered = vs == DeviceStatus.Ok;
            double volts = answered ? _adc.ToVolts(raw) : double.NaN;
            bool inRange = answered && CoreMath.AtLeast(volts, -VaneToleranceVolts)
                && CoreMath.AtLeast(_settings.VaneExcitationVolts + VaneToleranceVolts, volts) && !Ads1115.IsSaturated(raw);
            double dir = inRange ? Davis6410.DirectionDeg(CoreMath.Clamp(volts, 0, _settings.VaneExcitationVolts),
                _settings.VaneExcitationVolts, _settings.VaneOffsetDeg) : double.NaN;
            _stats.Add(pulses, elapsed, _settings.MphPerHz, answered, inRange, dir, raw, volts);
            SamplesTaken++;
            LastSpeedMs = Davis6410.SpeedMs(pulses, elapsed, _settings.MphPerHz);
            LastDirectionDeg = dir;
            LastVaneVolts = volts;
        }

        /// <summary>Writes the interval's wind group into <paramref name="r"/> and starts the next interval.</summary>
        public void Finish(Reading r)
        {
            long now = _clock.UptimeMilliseconds;
            long span = now - _intervalStart;
            int expected = (int)(span / _settings.SampleMilliseconds);
            _stats.WriteTo(r, _settings, expected);
            _stats.Reset();
            _intervalStart = now;
        }

        private static int IndexOf(int[] allowed, int value)
        {
            for (int i = 0; i < allowed.Length; i++)
            {
                if (allowed[i] == value) { return i; }
            }
            throw new System.ArgumentOutOfRangeException("value", "not an ADS1115 setting; BoardConfig.Validate rejects it");
        }
    }
}
