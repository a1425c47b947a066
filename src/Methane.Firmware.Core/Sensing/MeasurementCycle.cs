using Methane.Firmware.Core.Bus;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Devices;
using Methane.Firmware.Core.Devices.Ads1115;
using Methane.Firmware.Core.Devices.Sht4x;
using Methane.Firmware.Core.Time;

namespace Methane.Firmware.Core.Sensing
{
    /// <summary>
    /// One sample of the whole sensing path: SHT4x (temperature/humidity, CRC-checked) → ADS1115 single-shot conversion →
    /// <see cref="MethaneChannel"/> (TGS2611 model, filters, baseline, warm-up, alarms, leak detector) → a filled
    /// <see cref="Reading"/>. Every fault becomes a flag bit, never a valid ppm. Seq is left at 0: the outbox assigns it.
    /// Allocation-free after construction.
    /// </summary>
    public sealed class MeasurementCycle
    {
        private readonly BoardConfig _board;
        private readonly IClock _clock;
        private readonly Ads1115 _adc;
        private readonly Sht4x _env;

        public MeasurementCycle(BoardConfig board, II2cDevice adcDevice, II2cDevice envDevice, IClock clock)
        {
            _board = board;
            _clock = clock;
            _adc = new Ads1115(adcDevice, clock);
            _env = new Sht4x(envDevice, clock);
            Channel = new MethaneChannel(board.Calibration, board.Filter, board.Alarm, board.Sensing);
            ApplyAdcSettings();
            Channel.WarmUp.Restart(clock.UptimeMilliseconds);
        }

        public MethaneChannel Channel { get; private set; }

        /// <summary>Status of the last transfers, for the console's self-test and the health report.</summary>
        public DeviceStatus LastAdcStatus { get; private set; }
        public DeviceStatus LastEnvironmentStatus { get; private set; }

        /// <summary>Takes over changed board/device settings (ADC gain and rate, filter windows).</summary>
        public void ApplySettings()
        {
            ApplyAdcSettings();
            Channel.ApplySettings();
        }

        /// <summary>Takes one sample into <paramref name="reading"/> (cleared first).</summary>
        public void Measure(Reading reading)
        {
            reading.Clear();
            long uptime = _clock.UptimeMilliseconds;
            if (_clock.IsWallClockSet)
            {
                reading.TimestampMs = _clock.EpochMilliseconds;
            }
            else
            {
                reading.TimestampMs = uptime;
                reading.Flags |= ReadingFlags.ClockUnsynced;
            }

            ReadEnvironment(reading);

            short raw;
            DeviceStatus adcStatus = _adc.ReadSingleShot(_board.Adc.Channel, out raw);
            LastAdcStatus = adcStatus;
            bool adcAnswered = adcStatus == DeviceStatus.Ok;
            double volts = adcAnswered ? _adc.ToVolts(raw) : 0;
            Channel.Process(uptime, adcAnswered, raw, volts, adcAnswered && Ads1115.IsSaturated(raw), reading);
        }

        private void ReadEnvironment(Reading reading)
        {
            int temperatureTicks;
            int humidityTicks;
            DeviceStatus status = _env.Measure(out temperatureTicks, out humidityTicks);
            LastEnvironmentStatus = status;
            if (status == DeviceStatus.CrcError)
            {
                reading.Flags |= ReadingFlags.CrcError;
                return;
            }
            if (status != DeviceStatus.Ok)
            {
                reading.Flags |= ReadingFlags.EnvSensorFault;
                return;
            }
            reading.HasEnvironment = true;
            reading.TemperatureTicks = temperatureTicks;
            reading.HumidityTicks = humidityTicks;
            reading.TemperatureC = Sht4xConversion.TemperatureCelsius(temperatureTicks);
            reading.RelativeHumidityPct = Sht4xConversion.RelativeHumidityPercent(humidityTicks);
        }

        private void ApplyAdcSettings()
        {
            _adc.MeasuringRange = (MeasuringRange)IndexOf(Ads1115Settings.FullScaleMillivoltsAllowed, _board.Adc.FullScaleMillivolts);
            _adc.DataRate = (DataRate)IndexOf(Ads1115Settings.DataRatesAllowed, _board.Adc.DataRateSps);
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
