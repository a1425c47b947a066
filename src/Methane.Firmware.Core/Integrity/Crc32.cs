namespace Methane.Firmware.Core.Integrity
{
    /// <summary>
    /// CRC-32 (IEEE 802.3 / zlib: reflected polynomial 0xEDB88320, init 0xFFFFFFFF, final xor 0xFFFFFFFF).
    /// Table-driven; the table is built once. Check value: "123456789" gives 0xCBF43926.
    /// </summary>
    public static class Crc32
    {
        private static readonly uint[] Table = BuildTable();

        private static uint[] BuildTable()
        {
            uint[] table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }
                table[n] = c;
            }
            return table;
        }

        public static uint Compute(byte[] data, int offset, int count)
        {
            return Finish(Update(Start(), data, offset, count));
        }

        /// <summary>Running CRC for data that arrives in pieces: Start, Update…, Finish.</summary>
        public static uint Start() { return 0xFFFFFFFFu; }

        public static uint Update(uint crc, byte[] data, int offset, int count)
        {
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                crc = Table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            }
            return crc;
        }

        public static uint Finish(uint crc) { return crc ^ 0xFFFFFFFFu; }
    }
}
