using System;
using Methane.Firmware.Core.Integrity;

namespace Methane.Firmware.Core.Outbox
{
    /// <summary>
    /// The per-device telemetry <c>seq</c>, monotonic across reboots without a storage write per reading: it persists a
    /// reservation mark ("every seq below this may have been used") one block ahead, and after a reboot continues at the mark.
    /// The cost is a gap of at most one block per reboot; a seq is never reused. Two ping-pong copies of 16 bytes
    /// (magic u32 | mark i64 | CRC-32) so a torn write leaves the previous mark, which still covers every seq handed out.
    /// </summary>
    public sealed class SequenceCounter
    {
        public const int RegionBytes = 32;
        /// <summary>JSON-safe integer limit (2^53 - 1), the contract's maximum seq.</summary>
        public const long MaxSeq = 9007199254740991L;

        private const uint Magic = 0x31514553; // "SEQ1"

        private readonly IOutboxStorage _storage;
        private readonly int _base;
        private readonly int _block;
        private readonly byte[] _buf = new byte[16];
        private long _next;
        private long _reserved;
        private int _copy;

        public SequenceCounter(IOutboxStorage storage, int regionOffset, int blockSize)
        {
            if (storage == null) throw new ArgumentNullException("storage");
            if (blockSize < 1) throw new ArgumentOutOfRangeException("blockSize");
            if (regionOffset < 0 || regionOffset + RegionBytes > storage.Size) throw new ArgumentOutOfRangeException("regionOffset");
            _storage = storage;
            _base = regionOffset;
            _block = blockSize;
        }

        /// <summary>The value <see cref="Next"/> will return.</summary>
        public long Peek { get { return _next; } }

        /// <summary>Persisted reservation mark: no seq at or above it has been handed out.</summary>
        public long ReservedUpTo { get { return _reserved; } }

        /// <summary>Reads the persisted mark and continues from it (reserving a fresh block). Call once at start.</summary>
        public void Start()
        {
            long mark = ReadMark();
            _next = mark;
            _reserved = mark;
            Reserve();
        }

        private long ReadMark()
        {
            long mark = 0;
            int newest = -1;
            for (int copy = 0; copy < 2; copy++)
            {
                _storage.Read(_base + copy * 16, _buf, 0, 16);
                if (ByteOrder.ReadUInt32(_buf, 0) != Magic) continue;
                if (ByteOrder.ReadUInt32(_buf, 12) != Crc32.Compute(_buf, 0, 12)) continue;
                long m = ByteOrder.ReadInt64(_buf, 4);
                if (m < 0 || m > MaxSeq) continue;
                if (newest < 0 || m > mark)
                {
                    mark = m;
                    newest = copy;
                }
            }
            _copy = newest < 0 ? 1 : newest;
            return mark;
        }

        /// <summary>
        /// <see cref="Start()"/>, then continues right after <paramref name="newestStoredSeq"/> (the outbox's
        /// <see cref="ReadingOutbox.NewestSeq"/>) instead of at the reservation mark, so a reboot leaves no seq gap that a
        /// subscriber would count as lost. Safe: a seq above the newest stored reading was handed out but never persisted,
        /// so it was never sent either; the persisted mark still covers everything below it.
        /// </summary>
        public void Start(long newestStoredSeq)
        {
            long mark = ReadMark();
            _reserved = mark;
            if (newestStoredSeq >= 0 && newestStoredSeq < mark)
            {
                _next = newestStoredSeq + 1;
                return;
            }
            _next = mark;
            Reserve();
        }

        /// <summary>Hands out the next seq; writes storage once per block.</summary>
        public long Next()
        {
            if (_next >= _reserved) Reserve();
            return _next++;
        }

        private void Reserve()
        {
            long mark = _next + _block;
            if (mark > MaxSeq) mark = MaxSeq;
            _copy ^= 1;
            ByteOrder.WriteUInt32(_buf, 0, Magic);
            ByteOrder.WriteInt64(_buf, 4, mark);
            ByteOrder.WriteUInt32(_buf, 12, Crc32.Compute(_buf, 0, 12));
            _storage.Write(_base + _copy * 16, _buf, 0, 16);
            _storage.Flush();
            // Only after the mark is durable may values below it be used.
            _reserved = mark;
        }
    }
}
