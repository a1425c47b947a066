using Methane.Firmware.Core.Integrity;

namespace Methane.Firmware.Core.Jobs
{
    /// <summary>
    /// The persisted job in progress: "MJOB", generation (u32 BE), phase, jobId (length + ASCII), CRC-32 (BE).
    /// Written alternately to copy 0 and 1; the newest valid copy wins, so a torn write leaves the previous record.
    /// </summary>
    internal sealed class JobRecordStore
    {
        private const int MaxSize = 4 + 4 + 1 + 1 + 64 + 4;
        private readonly IJobStateStore _store;
        private readonly byte[] _buffer = new byte[MaxSize];
        private uint _generation;

        public JobRecordStore(IJobStateStore store)
        {
            _store = store;
        }

        public string JobId;
        public int Phase;

        /// <summary>Reads the newest valid copy; an empty or corrupt store means no job in progress.</summary>
        public void Load()
        {
            JobId = null;
            Phase = 0;
            bool found = false;
            for (int copy = 0; copy < 2; copy++)
            {
                int n = _store.Read(copy, _buffer, 0, _buffer.Length);
                if (n < 14 || n > MaxSize || _buffer[0] != 'M' || _buffer[1] != 'J' || _buffer[2] != 'O' || _buffer[3] != 'B')
                {
                    continue;
                }
                int idLength = _buffer[9];
                if (10 + idLength + 4 != n || ReadU32(n - 4) != Crc32.Compute(_buffer, 0, n - 4))
                {
                    continue;
                }
                uint generation = ReadU32(4);
                if (found && (int)(generation - _generation) <= 0)
                {
                    continue;
                }
                found = true;
                _generation = generation;
                Phase = _buffer[8];
                if (idLength == 0)
                {
                    JobId = null;
                }
                else
                {
                    var chars = new char[idLength];
                    for (int i = 0; i < idLength; i++)
                    {
                        chars[i] = (char)_buffer[10 + i];
                    }
                    JobId = new string(chars);
                }
            }
        }

        /// <summary>Persists the job in progress (null when none) and its phase.</summary>
        public bool Save(string jobId, int phase)
        {
            int idLength = jobId == null ? 0 : jobId.Length;
            if (idLength > 64 || phase < 0 || phase > 255)
            {
                return false;
            }
            uint generation = _generation + 1;
            _buffer[0] = (byte)'M';
            _buffer[1] = (byte)'J';
            _buffer[2] = (byte)'O';
            _buffer[3] = (byte)'B';
            WriteU32(4, generation);
            _buffer[8] = (byte)phase;
            _buffer[9] = (byte)idLength;
            for (int i = 0; i < idLength; i++)
            {
                _buffer[10 + i] = (byte)jobId[i];
            }
            int n = 10 + idLength;
            WriteU32(n, Crc32.Compute(_buffer, 0, n));
            if (!_store.Write((int)(generation & 1), _buffer, 0, n + 4))
            {
                return false;
            }
            _generation = generation;
            JobId = jobId;
            Phase = phase;
            return true;
        }

        private uint ReadU32(int at)
        {
            return ((uint)_buffer[at] << 24) | ((uint)_buffer[at + 1] << 16) | ((uint)_buffer[at + 2] << 8) | _buffer[at + 3];
        }

        private void WriteU32(int at, uint v)
        {
            _buffer[at] = (byte)(v >> 24);
            _buffer[at + 1] = (byte)(v >> 16);
            _buffer[at + 2] = (byte)(v >> 8);
            _buffer[at + 3] = (byte)v;
        }
    }
}
