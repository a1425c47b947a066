using Methane.Firmware.Core.Ambient;
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
        private readonly IMethaneInput _adc;
        private readonly IEnvironmentSensor _env;

        /// <summary>The reference hardware: an ADS1115 for the methane sensor and an SHT4x for temperature and humidity.</summary>
        public MeasurementCycle(BoardConfig board, II2cDevice adcDevice, II2cDevice envDevice, IClock clock)
            : this(board, new Ads1115MethaneInput(board.Adc, adcDevice, clock), new Sht4xEnvironmentSensor(envDevice, clock), clock)
        {
        }

        /// <summary>Any chips behind the two sensor interfaces.</summary>
        public MeasurementCycle(BoardConfig board, IMethaneInput methaneInput, IEnvironmentSensor environment, IClock clock)
        {
            _board = board;
            _clock = clock;
            _adc = methaneInput;
            _env = environment;
            Channel = new MethaneChannel(board.Calibration, board.Filter, board.Alarm, board.Sensing);
            Channel.WarmUp.Restart(clock.UptimeMilliseconds);
            if (board.HasAmbient) { Ambient = new AmbientEstimator(board.Ambient); }
        }

        public MethaneChannel Channel { get; private set; }

        /// <summary>The ambient-range model and background (telemetry v2 ambient group), or null when the board has none.</summary>
        public AmbientEstimator Ambient { get; private set; }

        /// <summary>Status of the last transfers, for the console's self-test and the health report.</summary>
        public DeviceStatus LastAdcStatus { get; private set; }
        public DeviceStatus LastEnvironmentStatus { get; private set; }

        /// <summary>Takes over changed board/device settings (ADC gain and rate, filter windows).</summary>
        public void ApplySettings()
        {
            _adc.ApplySettings();
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
            double volts;
            bool saturated;
            DeviceStatus adcStatus = _adc.Read(out raw, out volts, out saturated);
            LastAdcStatus = adcStatus;
            Channel.Process(uptime, adcStatus == DeviceStatus.Ok, raw, volts, saturated, reading);
            if (Ambient != null) { Ambient.Process(reading, uptime, _clock.IsWallClockSet ? _clock.EpochMilliseconds : -1); }
        }

        private void ReadEnvironment(Reading reading)
        {
            LastEnvironmentStatus = Fill(_env, reading);
        }

        /// <summary>Reads T/RH into <paramref name="reading"/> (or sets its CRC / fault flag); returns the sensor status.</summary>
        public static DeviceStatus Fill(IEnvironmentSensor env, Reading reading)
        {
            int temperatureTicks;
            int humidityTicks;
            double temperatureC;
            double humidityPct;
            DeviceStatus status = env.Measure(out temperatureTicks, out humidityTicks, out temperatureC, out humidityPct);
            if (status == DeviceStatus.CrcError)
            {
                reading.Flags |= ReadingFlags.CrcError;
                return status;
            }
            if (status != DeviceStatus.Ok)
            {
                reading.Flags |= ReadingFlags.EnvSensorFault;
                return status;
            }
            reading.HasEnvironment = true;
            reading.TemperatureTicks = temperatureTicks;
            reading.HumidityTicks = humidityTicks;
            reading.TemperatureC = temperatureC;
            reading.RelativeHumidityPct = humidityPct;
            return status;
        }
    }
}
