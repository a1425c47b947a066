using Methane.Firmware.Core.Outbox;

namespace Methane.Firmware.Conformance
{
    /// <summary>
    /// A persistent region in memory. <see cref="PowerCutAfterBytes"/> ≥ 0 simulates a power cut: that many more bytes reach
    /// the "flash", then every write is lost until <see cref="PowerOn"/>.
    /// </summary>
    public sealed class MemoryStorage : IOutboxStorage
    {
        private readonly byte[] _bytes;
        public int PowerCutAfterBytes = -1;
        public bool PoweredOff;
        public int Writes;

        public MemoryStorage(int size)
        {
            _bytes = new byte[size];
            for (int i = 0; i < size; i++) { _bytes[i] = 0xFF; }
        }

        public int Size { get { return _bytes.Length; } }
        public byte[] Bytes { get { return _bytes; } }

        public void Read(int offset, byte[] buffer, int bufferOffset, int count)
        {
            for (int i = 0; i < count; i++) { buffer[bufferOffset + i] = _bytes[offset + i]; }
        }

        public void Write(int offset, byte[] buffer, int bufferOffset, int count)
        {
            Writes++;
            for (int i = 0; i < count; i++)
            {
                if (PoweredOff) { return; }
                if (PowerCutAfterBytes == 0) { PoweredOff = true; return; }
                if (PowerCutAfterBytes > 0) { PowerCutAfterBytes--; }
                _bytes[offset + i] = buffer[bufferOffset + i];
            }
        }

        public void Flush()
        {
        }

        public void PowerOn()
        {
            PoweredOff = false;
            PowerCutAfterBytes = -1;
        }
    }
}
