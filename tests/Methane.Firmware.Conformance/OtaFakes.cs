using Methane.Firmware.Core.Ota;

namespace Methane.Firmware.Conformance
{
    /// <summary>Two state-record copies in memory; <see cref="FailWrites"/> makes writes fail (flash error).</summary>
    public sealed class MemoryOtaStateStore : IOtaStateStore
    {
        private readonly byte[][] _copies = { new byte[256], new byte[256] };
        private readonly int[] _lengths = new int[2];
        public bool FailWrites;

        public int Read(int copy, byte[] buffer, int offset, int count)
        {
            int n = _lengths[copy] < count ? _lengths[copy] : count;
            for (int i = 0; i < n; i++) { buffer[offset + i] = _copies[copy][i]; }
            return n;
        }

        public bool Write(int copy, byte[] data, int offset, int count)
        {
            if (FailWrites || count > 256) { return false; }
            for (int i = 0; i < count; i++) { _copies[copy][i] = data[offset + i]; }
            _lengths[copy] = count;
            return true;
        }
    }

    /// <summary>Two image slots in memory with commit markers.</summary>
    public sealed class MemoryImageStore : IImageStore
    {
        private readonly byte[][] _slots;
        private readonly long[] _lengths = new long[2];
        private readonly bool[] _committed = new bool[2];

        public MemoryImageStore(int capacity)
        {
            _slots = new byte[][] { new byte[capacity], new byte[capacity] };
        }

        public long SlotCapacity { get { return _slots[0].Length; } }

        public bool Erase(int slot) { _lengths[slot] = 0; _committed[slot] = false; return true; }

        public long GetLength(int slot) { return _lengths[slot]; }

        public bool Append(int slot, byte[] data, int offset, int count)
        {
            if (_lengths[slot] + count > _slots[slot].Length) { return false; }
            for (int i = 0; i < count; i++) { _slots[slot][_lengths[slot] + i] = data[offset + i]; }
            _lengths[slot] += count;
            return true;
        }

        public int Read(int slot, long position, byte[] buffer, int offset, int count)
        {
            long left = _lengths[slot] - position;
            int n = left < count ? (int)left : count;
            if (n < 0) { n = 0; }
            for (int i = 0; i < n; i++) { buffer[offset + i] = _slots[slot][position + i]; }
            return n;
        }

        public bool WriteCommitMarker(int slot) { _committed[slot] = true; return true; }

        public bool HasCommitMarker(int slot) { return _committed[slot]; }
    }

    /// <summary>Serves an image from memory; drops the connection once after <see cref="DropAfter"/> bytes (resume by Range).</summary>
    public sealed class MemoryDownloader : IImageDownloader
    {
        private readonly byte[] _image;
        private long _position;
        public long DropAfter = -1;
        public int Opens;

        public MemoryDownloader(byte[] image)
        {
            _image = image;
        }

        public DownloadStatus Open(string url, long startOffset, out long totalLength)
        {
            Opens++;
            _position = startOffset;
            totalLength = _image.Length;
            return DownloadStatus.Ok;
        }

        public DownloadStatus Read(byte[] buffer, int offset, int count, out int read)
        {
            read = 0;
            if (DropAfter >= 0 && _position >= DropAfter) { DropAfter = -1; return DownloadStatus.ConnectionDropped; }
            long left = _image.Length - _position;
            if (left <= 0) { return DownloadStatus.EndOfStream; }
            read = left < count ? (int)left : count;
            for (int i = 0; i < read; i++) { buffer[offset + i] = _image[_position + i]; }
            _position += read;
            return DownloadStatus.Ok;
        }

        public void Close()
        {
        }
    }
}
