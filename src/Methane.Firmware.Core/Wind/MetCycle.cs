using Methane.Firmware.Core.Bus;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Devices;
using Methane.Firmware.Core.Devices.Sht4x;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Time;

namespace Methane.Firmware.Core.Wind
{
    /// <summary>
    /// The met-station counterpart of <see cref="MeasurementCycle"/>: <see cref="Station"/> samples the wind at
    /// ≥ 1 Hz between publishes; <see cref="Measure"/> turns the interval into one reading (role met: timestamp, SHT4x air
    /// temperature/humidity, the wind group) and starts the next interval. Allocation-free after construction.
    /// </summary>
    public sealed class MetCycle
    {
        private readonly BoardConfig _board;
        private readonly IClock _clock;
        private readonly IEnvironmentSensor _env;

        public MetCycle(BoardConfig board, II2cDevice adcDevice, II2cDevice envDevice, IPulseCounter counter, IClock clock)
        {
            _board = board;
            _clock = clock;
            _env = new Sht4xEnvironmentSensor(envDevice, clock);
            Station = new MetStation(board.Wind, board.Adc, adcDevice, counter, clock);
        }

        public MetStation Station { get; private set; }
        public DeviceStatus LastAdcStatus { get { return Station.LastVaneStatus; } }
        public DeviceStatus LastEnvironmentStatus { get; private set; }

        public void ApplySettings()
        {
            Station.ApplySettings();
        }

        /// <summary>Fills <paramref name="reading"/> (cleared first) with the interval since the last call.</summary>
        public void Measure(Reading reading)
        {
            reading.Clear();
            reading.IsMetStation = true;
            if (_clock.IsWallClockSet)
            {
                reading.TimestampMs = _clock.EpochMilliseconds;
            }
            else
            {
                reading.TimestampMs = _clock.UptimeMilliseconds;
                reading.Flags |= ReadingFlags.ClockUnsynced;
            }
            LastEnvironmentStatus = MeasurementCycle.Fill(_env, reading);
            if (reading.HasEnvironment && !_board.Sensing.IsPlausible(reading.TemperatureC, reading.RelativeHumidityPct))
            {
                reading.Flags |= ReadingFlags.EnvOutOfRange;
            }
            Station.Finish(reading);
        }
    }
}
