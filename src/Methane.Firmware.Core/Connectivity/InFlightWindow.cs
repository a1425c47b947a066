namespace Methane.Firmware.Core.Connectivity
{
    /// <summary>
    /// Unacknowledged QoS 1 publishes in send order, each covering outbox records up to <c>lastRecord</c>. PUBACKs may arrive
    /// in any order; records leave the outbox only through the longest acknowledged prefix, so nothing is removed early.
    /// </summary>
    internal sealed class InFlightWindow
    {
        private readonly int[] _packetIds;
        private readonly long[] _lastRecords;
        private readonly int[] _readings;
        private readonly bool[] _acked;
        private int _head;
        private int _count;

        public InFlightWindow(int capacity)
        {
            _packetIds = new int[capacity];
            _lastRecords = new long[capacity];
            _readings = new int[capacity];
            _acked = new bool[capacity];
        }

        public int Count { get { return _count; } }
        public int Capacity { get { return _packetIds.Length; } }

        public void Add(int packetId, long lastRecord, int readings)
        {
            int i = (_head + _count) % _packetIds.Length;
            _packetIds[i] = packetId;
            _lastRecords[i] = lastRecord;
            _readings[i] = readings;
            _acked[i] = false;
            _count++;
        }

        /// <summary>Marks the entry acknowledged; false if the packet id is not in flight.</summary>
        public bool MarkAcked(int packetId)
        {
            for (int k = 0; k < _count; k++)
            {
                int i = (_head + k) % _packetIds.Length;
                if (_packetIds[i] == packetId && !_acked[i])
                {
                    _acked[i] = true;
                    return true;
                }
            }
            return false;
        }

        /// <summary>Pops the acknowledged prefix; returns its last record (0 if none) and the number of readings it covered.</summary>
        public long PopAcked(out int readings)
        {
            long last = 0;
            readings = 0;
            while (_count > 0 && _acked[_head])
            {
                last = _lastRecords[_head];
                readings += _readings[_head];
                _head = (_head + 1) % _packetIds.Length;
                _count--;
            }
            return last;
        }

        public void Clear()
        {
            _head = 0;
            _count = 0;
        }
    }
}
