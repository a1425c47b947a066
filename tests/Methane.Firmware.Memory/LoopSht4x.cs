using Methane.Firmware.Core.Bus;

namespace Methane.Firmware.Memory
{
    /// <summary>
    /// SHT4x at a fixed 20 °C / 65 %RH: after a measure command (0xFD, 0xF6, 0xE0) a read returns T word, CRC, RH word, CRC
    /// (datasheet CRC-8: polynomial 0x31, init 0xFF). Any other command is acknowledged and leaves nothing to read.
    /// </summary>
    public sealed class LoopSht4x : II2cDevice
    {
        // Datasheet conversion: T = -45 + 175·St/65535, RH = -6 + 125·Srh/65535.
        private const int TemperatureTicks = 24341;   // 20.0 °C
        private const int HumidityTicks = 37224;      // 65.0 %RH
        private readonly byte[] _measurement = new byte[6];
        private bool _ready;

        public LoopSht4x()
        {
            Put(0, TemperatureTicks);
            Put(3, HumidityTicks);
        }

        public int Address { get { return 0x44; } }

        public I2cStatus Write(byte[] buffer, int offset, int count)
        {
            if (count != 1) { return I2cStatus.DataNack; }
            int command = buffer[offset];
            _ready = command == 0xFD || command == 0xF6 || command == 0xE0;
            return I2cStatus.Ok;
        }

        public I2cStatus Read(byte[] buffer, int offset, int count)
        {
            if (!_ready) { return I2cStatus.AddressNack; }
            for (int i = 0; i < count && i < 6; i++) { buffer[offset + i] = _measurement[i]; }
            _ready = false;
            return I2cStatus.Ok;
        }

        public I2cStatus WriteRead(byte[] writeBuffer, int writeOffset, int writeCount, byte[] readBuffer, int readOffset, int readCount)
        {
            return I2cStatus.DataNack;
        }

        private void Put(int at, int word)
        {
            _measurement[at] = (byte)(word >> 8);
            _measurement[at + 1] = (byte)word;
            int crc = 0xFF;
            for (int b = at; b < at + 2; b++)
            {
                crc ^= _measurement[b];
                for (int i = 0; i < 8; i++) { crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x31) & 0xFF : (crc << 1) & 0xFF; }
            }
            _measurement[at + 2] = (byte)crc;
        }
    }
}
