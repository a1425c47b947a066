using Methane.Firmware.Core.Bus;

namespace Methane.Firmware.Conformance
{
    /// <summary>
    /// Command-level SHT4x: after a measure command (0xFD/0xF6/0xE0) a 6-byte read returns T word, CRC, RH word, CRC
    /// (CRC-8 poly 0x31, init 0xFF, written out here independently of the core's Sht4xCrc); 0x89 returns the serial number.
    /// Faults: <see cref="Fault"/> on every transfer, <see cref="CorruptCrc"/> flips the RH word's CRC byte.
    /// </summary>
    public sealed class FakeSht4x : II2cDevice
    {
        private readonly byte[] _out = new byte[6];
        private bool _ready;

        public int Address { get { return 0x44; } }
        public int TemperatureTicks;
        public int HumidityTicks;
        public uint Serial = 0x12345678;
        public bool CorruptCrc;
        public I2cStatus Fault = I2cStatus.Ok;
        public int LastCommand;

        public I2cStatus Write(byte[] buffer, int offset, int count)
        {
            if (Fault != I2cStatus.Ok) { return Fault; }
            if (count != 1) { return I2cStatus.DataNack; }
            LastCommand = buffer[offset];
            _ready = false;
            if (LastCommand == 0xFD || LastCommand == 0xF6 || LastCommand == 0xE0)
            {
                Fill(TemperatureTicks, HumidityTicks);
            }
            else if (LastCommand == 0x89)
            {
                Fill((int)(Serial >> 16), (int)(Serial & 0xFFFF));
            }
            return I2cStatus.Ok;
        }

        public I2cStatus Read(byte[] buffer, int offset, int count)
        {
            if (Fault != I2cStatus.Ok) { return Fault; }
            if (!_ready) { return I2cStatus.AddressNack; }
            for (int i = 0; i < count && i < 6; i++) { buffer[offset + i] = _out[i]; }
            _ready = false;
            return I2cStatus.Ok;
        }

        public I2cStatus WriteRead(byte[] writeBuffer, int writeOffset, int writeCount, byte[] readBuffer, int readOffset, int readCount)
        {
            return I2cStatus.DataNack;
        }

        private void Fill(int first, int second)
        {
            _out[0] = (byte)(first >> 8);
            _out[1] = (byte)first;
            _out[2] = Crc8(_out[0], _out[1]);
            _out[3] = (byte)(second >> 8);
            _out[4] = (byte)second;
            _out[5] = Crc8(_out[3], _out[4]);
            if (CorruptCrc) { _out[5] ^= 0x01; }
            _ready = true;
        }

        /// <summary>SHT4x datasheet CRC-8: x^8 + x^5 + x^4 + 1, init 0xFF, MSB first, no final XOR.</summary>
        public static byte Crc8(byte a, byte b)
        {
            int crc = 0xFF;
            crc = Step(crc ^ a);
            crc = Step(crc ^ b);
            return (byte)crc;
        }

        private static int Step(int crc)
        {
            for (int i = 0; i < 8; i++)
            {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x31) & 0xFF : (crc << 1) & 0xFF;
            }
            return crc;
        }
    }
}
