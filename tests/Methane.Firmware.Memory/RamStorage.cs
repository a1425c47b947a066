using System;
using Methane.Firmware.Core.Outbox;

namespace Methane.Firmware.Memory
{
    /// <summary>The outbox region in RAM (the device keeps it in a flash file; the layout is the same).</summary>
    public sealed class RamStorage : IOutboxStorage
    {
        private readonly byte[] _bytes;

        public RamStorage(int size)
        {
            _bytes = new byte[size];
        }

        public int Size { get { return _bytes.Length; } }

        public void Read(int offset, byte[] buffer, int bufferOffset, int count)
        {
            Array.Copy(_bytes, offset, buffer, bufferOffset, count);
        }

        public void Write(int offset, byte[] buffer, int bufferOffset, int count)
        {
            Array.Copy(buffer, bufferOffset, _bytes, offset, count);
        }

        public void Flush()
        {
        }
    }
}
