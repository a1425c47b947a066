using Methane.Firmware.Core.Bus;
using Methane.Firmware.Core.Time;

namespace Methane.Firmware.Core.Devices.Sht4x
{
    /// <summary>
    /// Sensirion SHT4x temperature/humidity sensor: command byte, wait the datasheet's maximum duration, read 6 bytes
    /// (word, CRC, word, CRC), check the CRC of every word. Buffers are allocated once; a measurement allocates nothing.
    /// </summary>
    public sealed class Sht4x
    {
        /// <summary>SHT40-AD1B and most variants; SHT40-BD1B is 0x45, SHT40-CD1B is 0x46.</summary>
        public const int DefaultAddress = 0x44;

        private readonly II2cDevice _device;
        private readonly IClock _clock;
        private readonly byte[] _command = new byte[1];
        private readonly byte[] _read = new byte[6];

        public Sht4x(II2cDevice device, IClock clock)
        {
            _device = device;
            _clock = clock;
            Precision = Precision.High;
        }

        /// <summary>Precision of <see cref="Measure"/>. Default high (command 0xFD).</summary>
        public Precision Precision { get; set; }

        /// <summary>Measures T and RH; on success the two raw 16-bit words (ticks 0..65535).</summary>
        public DeviceStatus Measure(out int temperatureTicks, out int humidityTicks)
        {
            temperatureTicks = 0;
            humidityTicks = 0;
            int waitMs = Sht4xTiming.CeilMilliseconds(Sht4xTiming.MeasureMaxMicroseconds(Precision));
            DeviceStatus status = CommandThenRead(Sht4xTiming.MeasureCommand(Precision), waitMs);
            if (status == DeviceStatus.Ok)
            {
                temperatureTicks = (_read[0] << 8) | _read[1];
                humidityTicks = (_read[3] << 8) | _read[4];
            }

            return status;
        }

        /// <summary>Reads the 32-bit serial number (first word is the high half).</summary>
        public DeviceStatus ReadSerialNumber(out uint serialNumber)
        {
            serialNumber = 0;
            DeviceStatus status = CommandThenRead(Command.ReadSerialNumber, Sht4xTiming.ReadSerialNumberWaitMilliseconds);
            if (status == DeviceStatus.Ok)
            {
                serialNumber = ((uint)_read[0] << 24) | ((uint)_read[1] << 16) | ((uint)_read[3] << 8) | _read[4];
            }

            return status;
        }

        /// <summary>Sends the soft-reset command and waits the maximum reset time.</summary>
        public DeviceStatus SoftReset()
        {
            _command[0] = Command.SoftReset;
            DeviceStatus status = (DeviceStatus)_device.Write(_command, 0, 1);
            if (status == DeviceStatus.Ok)
            {
                _clock.Sleep(Sht4xTiming.CeilMilliseconds(Sht4xTiming.SoftResetMaxMicroseconds));
            }

            return status;
        }

        private DeviceStatus CommandThenRead(byte command, int waitMilliseconds)
        {
            _command[0] = command;
            DeviceStatus status = (DeviceStatus)_device.Write(_command, 0, 1);
            if (status != DeviceStatus.Ok)
            {
                return status;
            }

            _clock.Sleep(waitMilliseconds);
            status = (DeviceStatus)_device.Read(_read, 0, 6);
            if (status != DeviceStatus.Ok)
            {
                return status;
            }

            if (!Sht4xCrc.CheckWord(_read, 0) || !Sht4xCrc.CheckWord(_read, 3))
            {
                return DeviceStatus.CrcError;
            }

            return DeviceStatus.Ok;
        }
    }
}
