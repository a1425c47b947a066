using Methane.Firmware.Core.Bus;

namespace Methane.Firmware.Conformance
{
    /// <summary>
    /// Register-level ADS1115 as the datasheet describes it, small enough to run on nanoCLR: an address pointer register,
    /// Config (reset 0x8583, OS bit reads 0 while converting) and Conversion. A config write with OS=1 starts a single-shot
    /// conversion whose result is <see cref="NextRaw"/>; the chip reports busy for <see cref="BusyPolls"/> config reads.
    /// Faults: <see cref="Fault"/> answers every transfer with that status; <see cref="NeverIdle"/> keeps OS at 0.
    /// </summary>
    public sealed class FakeAds1115 : II2cDevice
    {
        private int _pointer;
        private int _config = 0x8583;
        private int _conversion;
        private int _busy;

        public int Address { get { return 0x48; } }
        public short NextRaw;
        public int BusyPolls;
        public bool NeverIdle;
        public I2cStatus Fault = I2cStatus.Ok;
        /// <summary>The bytes of the last write (pointer + register MSB/LSB).</summary>
        public readonly byte[] LastWrite = new byte[3];
        public int LastWriteCount;
        public int ConfigWrites;
        /// <summary>The bytes of the last config-register write (0x01, MSB, LSB).</summary>
        public readonly byte[] ConfigWrite = new byte[3];

        public I2cStatus Write(byte[] buffer, int offset, int count)
        {
            if (Fault != I2cStatus.Ok) { return Fault; }
            if (count < 1) { return I2cStatus.Ok; }
            LastWriteCount = count < 3 ? count : 3;
            for (int i = 0; i < LastWriteCount; i++) { LastWrite[i] = buffer[offset + i]; }
            _pointer = buffer[offset] & 0x3;
            if (count >= 3 && _pointer == 1)
            {
                int value = (buffer[offset + 1] << 8) | buffer[offset + 2];
                ConfigWrites++;
                ConfigWrite[0] = buffer[offset];
                ConfigWrite[1] = buffer[offset + 1];
                ConfigWrite[2] = buffer[offset + 2];
                _config = value & 0x7FFF;
                if ((value & 0x8000) != 0)
                {
                    _conversion = NextRaw & 0xFFFF;
                    _busy = BusyPolls;
                }
            }
            return I2cStatus.Ok;
        }

        public I2cStatus Read(byte[] buffer, int offset, int count)
        {
            if (Fault != I2cStatus.Ok) { return Fault; }
            int value;
            if (_pointer == 1)
            {
                bool idle = !NeverIdle && _busy == 0;
                if (_busy > 0) { _busy--; }
                value = _config | (idle ? 0x8000 : 0);
            }
            else if (_pointer == 0) { value = _conversion; }
            else { value = _pointer == 2 ? 0x8000 : 0x7FFF; }
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
