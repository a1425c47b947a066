using System;
using Methane.Firmware.Core.Integrity;
using Methane.Firmware.Core.Sensing;

namespace Methane.Firmware.Core.Outbox
{
    /// <summary>
    /// Bounded store-and-forward queue of readings in a persistent region: a ring of fixed-size slots, record number r living
    /// in slot r mod N, so order and position survive a reboot without an index. Slot: magic u16 | length u16 | record u32 |
    /// payload | CRC-32 of everything before it. Two ping-pong header copies hold the "acknowledged through" record number.
    /// A write torn by a power cut fails its CRC and is skipped on recovery (never replayed as garbage); a torn header leaves
    /// the other copy, at worst re-sending already acknowledged records (QoS 1 allows duplicates, never losses).
    /// Full: the append overwrites the oldest record and counts a drop. Record numbers start at 1; 0 means "none".
    /// </summary>
    public sealed class ReadingOutbox
    {
        public const int SlotSize = 104;
        public const int HeaderCopySize = 32;
        public const int HeaderSize = 2 * HeaderCopySize;

        private const int SlotHeader = 8;
        private const int SlotMagic = 0x5243;
        private const uint HeaderMagic = 0x3158424F; // "OBX1"

        private readonly IOutboxStorage _storage;
        private readonly int _base;
        private readonly int _slots;
        private readonly byte[] _slot = new byte[SlotSize];
        private readonly byte[] _header = new byte[HeaderCopySize];

        private long _head = 1;   // next record number to append
        private long _tail = 1;   // oldest pending record number
        private long _newestSeq = -1;
        private long _acked;      // persisted "acknowledged through"
        private uint _generation;
        private long _dropped;
        private long _corrupt;

        public ReadingOutbox(IOutboxStorage storage)
            : this(storage, 0, storage.Size)
        {
        }

        /// <summary>Uses <paramref name="regionLength"/> bytes of the storage from <paramref name="regionOffset"/>.</summary>
        public ReadingOutbox(IOutboxStorage storage, int regionOffset, int regionLength)
        {
            if (storage == null) throw new ArgumentNullException("storage");
            if (regionOffset < 0 || regionLength < 0 || regionOffset + regionLength > storage.Size) throw new ArgumentOutOfRangeException("regionLength");
            _storage = storage;
            _base = regionOffset;
            _slots = (regionLength - HeaderSize) / SlotSize;
            if (_slots < 2) throw new ArgumentOutOfRangeException("regionLength", "room for fewer than 2 records");
        }

        /// <summary>Region bytes needed for <paramref name="records"/> records.</summary>
        public static int RegionBytesFor(int records)
        {
            return HeaderSize + records * SlotSize;
        }

        public int Capacity { get { return _slots; } }

        /// <summary>Records stored and not yet acknowledged (including ones found corrupt that reading will skip).</summary>
        public int Count { get { return (int)(_head - _tail); } }

        /// <summary>Record number of the oldest pending record (equals <see cref="NextRecord"/> when empty).</summary>
        public long OldestRecord { get { return _tail; } }

        /// <summary>Record number the next append will get.</summary>
        public long NextRecord { get { return _head; } }

        /// <summary>Records overwritten while still pending because the outbox was full (since construction).</summary>
        public long Dropped { get { return _dropped; } }

        /// <summary>
        /// Pending records found unreadable (torn or corrupted) and skipped, including a final append torn by a power cut
        /// (counted by each <see cref="Recover"/> until the slot is written again). Since construction.
        /// </summary>
        public long CorruptSkipped { get { return _corrupt; } }

        /// <summary>
        /// Seq of the newest intact record found by <see cref="Recover"/> (sent or not: an acknowledged record stays in its slot
        /// until the ring overwrites it with a newer one), or -1 when there is none. Lets <see cref="SequenceCounter"/> continue
        /// right after the last reading that was ever stored, without a gap.
        /// </summary>
        public long NewestSeq { get { return _newestSeq; } }

        /// <summary>Rebuilds head/tail from the storage. Call once after start (and it is safe to call again).</summary>
        public void Recover()
        {
            _acked = 0;
            _generation = 0;
            for (int copy = 0; copy < 2; copy++)
            {
                _storage.Read(_base + copy * HeaderCopySize, _header, 0, HeaderCopySize);
                if (ByteOrder.ReadUInt32(_header, 0) != HeaderMagic) continue;
                if (ByteOrder.ReadUInt32(_header, 16) != Crc32.Compute(_header, 0, 16)) continue;
                if (ByteOrder.ReadUInt32(_header, 12) != (uint)_slots) continue;
                uint gen = ByteOrder.ReadUInt32(_header, 4);
                if (gen >= _generation)
                {
                    _generation = gen;
                    _acked = ByteOrder.ReadUInt32(_header, 8);
                }
            }

            long max = 0;
            _newestSeq = -1;
            for (int i = 0; i < _slots; i++)
            {
                long r = ReadSlot(i);
                if (r > max)
                {
                    max = r;
                    _newestSeq = ReadingRecord.ReadSeq(_slot, SlotHeader);
                }
            }
            _head = (max > _acked ? max : _acked) + 1;
            // A power cut during the last append leaves record _head's slot header written but no valid CRC: that reading is
            // lost, so count it. (A tear within the 8-byte slot header cannot be told from a slot never written.)
            if (IsTornAppend(_head)) _corrupt++;
            long oldestPossible = _head - _slots;
            _tail = _acked + 1 > oldestPossible ? _acked + 1 : oldestPossible;
            // Leading torn/corrupt records are dropped now so Count reflects what can be sent.
            while (_tail < _head && ReadSlot(SlotOf(_tail)) != _tail)
            {
                _tail++;
                _corrupt++;
            }
        }

        /// <summary>Persists the reading as the newest record (drops the oldest when full) and returns its record number.</summary>
        public long Append(Reading reading)
        {
            if (_head - _tail >= _slots)
            {
                _tail++;
                _dropped++;
            }
            long record = _head;
            int length = ReadingRecord.Write(reading, _slot, SlotHeader);
            ByteOrder.WriteUInt16(_slot, 0, SlotMagic);
            ByteOrder.WriteUInt16(_slot, 2, length);
            ByteOrder.WriteUInt32(_slot, 4, (uint)record);
            uint crc = Crc32.Compute(_slot, 0, SlotHeader + length);
            ByteOrder.WriteUInt32(_slot, SlotHeader + length, crc);
            // Head moves first: if the write is torn, the slot is simply skipped as corrupt later.
            _head = record + 1;
            _storage.Write(SlotOffset(SlotOf(record)), _slot, 0, SlotHeader + length + 4);
            _storage.Flush();
            return record;
        }

        /// <summary>
        /// Reads pending record <paramref name="record"/> into <paramref name="into"/>. False (and counted) when it is not pending
        /// or unreadable; the caller skips it.
        /// </summary>
        public bool TryRead(long record, Reading into)
        {
            if (record < _tail || record >= _head) return false;
            int slot = SlotOf(record);
            if (ReadSlot(slot) != record)
            {
                _corrupt++;
                return false;
            }
            int length = ByteOrder.ReadUInt16(_slot, 2);
            if (!ReadingRecord.Read(_slot, SlotHeader, length, into))
            {
                _corrupt++;
                return false;
            }
            return true;
        }

        /// <summary>Removes every pending record up to and including <paramref name="record"/> and persists the mark.</summary>
        public void RemoveThrough(long record)
        {
            if (record < _tail) return;
            if (record >= _head) record = _head - 1;
            _tail = record + 1;
            _acked = record;
            _generation++;
            ByteOrder.WriteUInt32(_header, 0, HeaderMagic);
            ByteOrder.WriteUInt32(_header, 4, _generation);
            ByteOrder.WriteUInt32(_header, 8, (uint)_acked);
            ByteOrder.WriteUInt32(_header, 12, (uint)_slots);
            ByteOrder.WriteUInt32(_header, 16, Crc32.Compute(_header, 0, 16));
            for (int i = 20; i < HeaderCopySize; i++) _header[i] = 0;
            _storage.Write(_base + (int)(_generation & 1) * HeaderCopySize, _header, 0, HeaderCopySize);
            _storage.Flush();
        }

        private int SlotOf(long record)
        {
            return (int)(record % _slots);
        }

        private int SlotOffset(int slot)
        {
            return _base + HeaderSize + slot * SlotSize;
        }

        private bool IsTornAppend(long record)
        {
            if (ReadSlot(SlotOf(record)) != 0) return false;
            return ByteOrder.ReadUInt16(_slot, 0) == SlotMagic && ByteOrder.ReadUInt32(_slot, 4) == (uint)record;
        }

        /// <summary>Loads slot i into the scratch buffer; returns its record number if intact and in its own slot, else 0.</summary>
        private long ReadSlot(int slot)
        {
            _storage.Read(SlotOffset(slot), _slot, 0, SlotSize);
            if (ByteOrder.ReadUInt16(_slot, 0) != SlotMagic) return 0;
            int length = ByteOrder.ReadUInt16(_slot, 2);
            if (length > ReadingRecord.MaxLength) return 0;
            long record = ByteOrder.ReadUInt32(_slot, 4);
            if (record == 0 || SlotOf(record) != slot) return 0;
            if (ByteOrder.ReadUInt32(_slot, SlotHeader + length) != Crc32.Compute(_slot, 0, SlotHeader + length)) return 0;
            return record;
        }
    }
}
