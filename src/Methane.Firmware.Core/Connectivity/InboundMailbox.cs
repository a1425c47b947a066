namespace Methane.Firmware.Core.Connectivity
{
    /// <summary>
    /// Hands inbound messages from the transport's receive thread to the main loop: a ring of preallocated slots, one producer
    /// and one consumer. The producer copies into a free slot or drops; the consumer processes the oldest slot in place.
    /// </summary>
    internal sealed class InboundMailbox
    {
        private readonly object _lock = new object();
        private readonly byte[][] _payloads;
        private readonly int[] _lengths;
        private readonly string[] _topics;
        private int _head;
        private int _count;

        public InboundMailbox(int slots, int slotBytes)
        {
            _payloads = new byte[slots][];
            for (int i = 0; i < slots; i++) _payloads[i] = new byte[slotBytes];
            _lengths = new int[slots];
            _topics = new string[slots];
        }

        /// <summary>Producer side. False when full or the payload does not fit a slot.</summary>
        public bool TryPut(string topic, byte[] payload, int offset, int count)
        {
            if (count < 0 || count > _payloads[0].Length) return false;
            lock (_lock)
            {
                if (_count == _payloads.Length) return false;
                int i = (_head + _count) % _payloads.Length;
                byte[] dst = _payloads[i];
                for (int k = 0; k < count; k++) dst[k] = payload[offset + k];
                _lengths[i] = count;
                _topics[i] = topic;
                _count++;
                return true;
            }
        }

        /// <summary>Consumer side: the oldest message, valid until <see cref="Release"/>. False when empty.</summary>
        public bool Peek(out string topic, out byte[] payload, out int count)
        {
            lock (_lock)
            {
                if (_count == 0)
                {
                    topic = null; payload = null; count = 0;
                    return false;
                }
                topic = _topics[_head];
                payload = _payloads[_head];
                count = _lengths[_head];
                return true;
            }
        }

        public void Release()
        {
            lock (_lock)
            {
                _topics[_head] = null;
                _head = (_head + 1) % _payloads.Length;
                _count--;
            }
        }
    }
}
