using Methane.Firmware.Core.Bus;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Time;

namespace Methane.Firmware.Core.Devices.Ads1115
{
    /// <summary>The ADS1115 as the methane input: single-shot conversions on the board's channel, gain and data rate.</summary>
    public sealed class Ads1115MethaneInput : IMethaneInput
    {
        private readonly Ads1115Settings _settings;
        private readonly Ads1115 _adc;

        public Ads1115MethaneInput(Ads1115Settings settings, II2cDevice device, IClock clock)
        {
            _settings = settings;
            _adc = new Ads1115(device, clock);
            ApplySettings();
        }

        public DeviceStatus Read(out short raw, out double volts, out bool saturated)
        {
            DeviceStatus status = _adc.ReadSingleShot(_settings.Channel, out raw);
            bool ok = status == DeviceStatus.Ok;
            volts = ok ? _adc.ToVolts(raw) : 0;
            saturated = ok && Ads1115.IsSaturated(raw);
            return status;
        }

        public void ApplySettings()
        {
            _adc.MeasuringRange = (MeasuringRange)IndexOf(Ads1115Settings.FullScaleMillivoltsAllowed, _settings.FullScaleMillivolts);
            _adc.DataRate = (DataRate)IndexOf(Ads1115Settings.DataRatesAllowed, _settings.DataRateSps);
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
