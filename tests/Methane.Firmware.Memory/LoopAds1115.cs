using Methane.Firmware.Core.Bus;

namespace Methane.Firmware.Memory
{
    /// <summary>
    /// ADS1115 registers as the datasheet gives them: pointer, Config (OS bit 1 = idle) and Conversion. A config write with
    /// OS = 1 starts a single shot whose result is <see cref="NextRaw"/>; the conversion is done by the first status poll.
    /// </summary>
    public sealed class LoopAds1115 : II2cDevice
    {
        private int _pointer;
        private int _config = 0x8583;
        private int _conversion;

        public int Address { get { return 0x48; } }

        public short NextRaw;

        public I2cStatus Write(byte[] buffer, int offset, int count)
        {
            if (count < 1) { return I2cStatus.Ok; }
            _pointer = buffer[offset] & 0x3;
            if (count >= 3 && _pointer == 1)
            {
                int value = (buffer[offset + 1] << 8) | buffer[offset + 2];
                _config = value & 0x7FFF;
                if ((value & 0x8000) != 0) { _conversion = NextRaw & 0xFFFF; }
            }
            return I2cStatus.Ok;
        }

        public I2cStatus Read(byte[] buffer, int offset, int count)
        {
            int value = _pointer == 1 ? _config | 0x8000 : _pointer == 0 ? _conversion : 0;
            if (count > 0) { buffer[offset] = (byte)(value >> 8); }
            if (count > 1) { buffer[offset + 1] = (byte)value; }
            return I2cStatus.Ok;
        }

        public I2cStatus WriteRead(byte[] writeBuffer, int writeOffset, int writeCount, byte[] readBuffer, int readOffset, int readCount)
        {
            I2cStatus status = Write(writeBuffer, writeOffset, writeCount);
            return status != I2cStatus.Ok ? status : Read(readBuffer, readOffset, readCount);
        }
    }
}
