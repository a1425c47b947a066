namespace Methane.Firmware.Core.Devices.Sht4x
{
    /// <summary>CRC-8 of every 2-byte word: polynomial 0x31 (x^8 + x^5 + x^4 + 1), init 0xFF, no reflection, final XOR 0x00.</summary>
    public static class Sht4xCrc
    {
        public const byte Polynomial = 0x31;
        public const byte Initial = 0xFF;

        public static byte Compute(byte[] data, int offset, int count)
        {
            int crc = Initial;
            for (int i = offset; i < offset + count; i++)
            {
                crc ^= data[i];
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 0x80) != 0 ? ((crc << 1) ^ Polynomial) & 0xFF : (crc << 1) & 0xFF;
                }
            }

            return (byte)crc;
        }

        /// <summary>True when the byte after the 2-byte word at <paramref name="offset"/> is that word's CRC.</summary>
        public static bool CheckWord(byte[] data, int offset)
        {
            return Compute(data, offset, 2) == data[offset + 2];
        }
    }
}
