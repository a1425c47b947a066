// Also compiled into tests/Methane.Firmware.Core.Tests (nullable enabled there); the device code has no nullable annotations.
#nullable disable
using System;
using System.IO;
using Methane.Firmware.Core.App;
using Methane.Firmware.Core.Outbox;

namespace Methane.Firmware.Device.App.Storage
{
    /// <summary>
    /// The core's <see cref="IOutboxStorage"/> as a row of small files on the internal flash ("outbox.00", "outbox.01", …),
    /// each at most <see cref="SegmentBytes"/> long so LittleFS keeps it in one 4 KB block (a file fits one block up to the
    /// block size less its 8-byte skip-list pointers). LittleFS files are copy-on-write lists whose blocks point backwards:
    /// flushing a write in the middle of one big file copies every block from there to the end of the file, so a 104 KB
    /// outbox in one file would rewrite up to 26 blocks per reading. Here a write rewrites only the block it lands in.
    /// Each segment is created at its full size (zeros) on first use. At most two segments are open: segment 0 (the
    /// outbox header copies) and the one the ring is writing.
    /// </summary>
    public sealed class SegmentedRegionFile : IOutboxStorage, IDisposable
    {
        /// <summary>Bytes per segment file: below the 4096-byte block less LittleFS's 8 bytes of pointers.</summary>
        public const int SegmentBytes = DeviceStorage.OutboxSegmentBytes;

        private readonly string _basePath;
        private readonly int _size;
        private readonly int _segments;
        private FileStream _first;
        private FileStream _current;
        private int _currentIndex = -1;

        /// <param name="basePath">Path without the segment suffix, e.g. I:\data\outbox (segments I:\data\outbox.00 …).</param>
        public SegmentedRegionFile(string basePath, int size)
        {
            if (size <= 0) throw new ArgumentOutOfRangeException("size");
            _basePath = basePath;
            _size = size;
            _segments = (size + SegmentBytes - 1) / SegmentBytes;
            byte[] zeros = new byte[256];
            for (int i = 0; i < _segments; i++)
            {
                int length = LengthOf(i);
                string path = PathOf(i);
                using (FileStream fs = new FileStream(path, File.Exists(path) ? FileMode.Open : FileMode.Create, FileAccess.ReadWrite))
                {
                    long missing = length - fs.Length;
                    if (missing <= 0)
                    {
                        continue;
                    }

                    fs.Seek(fs.Length, SeekOrigin.Begin);
                    while (missing > 0)
                    {
                        int n = missing > zeros.Length ? zeros.Length : (int)missing;
                        fs.Write(zeros, 0, n);
                        missing -= n;
                    }

                    fs.Flush();
                }
            }
        }

        public int Size
        {
            get { return _size; }
        }

        /// <summary>Number of segment files.</summary>
        public int Segments
        {
            get { return _segments; }
        }

        /// <summary>File name of segment <paramref name="index"/>: the base path plus ".00" … ".99", then three digits.</summary>
        public string PathOf(int index)
        {
            return _basePath + (index < 10 ? ".0" : ".") + index.ToString();
        }

        public void Read(int offset, byte[] buffer, int bufferOffset, int count)
        {
            Check(offset, count);
            while (count > 0)
            {
                int segment = offset / SegmentBytes;
                int within = offset - segment * SegmentBytes;
                int n = SegmentBytes - within < count ? SegmentBytes - within : count;
                FileStream fs = Open(segment);
                fs.Seek(within, SeekOrigin.Begin);
                int done = 0;
                while (done < n)
                {
                    int r = fs.Read(buffer, bufferOffset + done, n - done);
                    if (r <= 0)
                    {
                        break;
                    }

                    done += r;
                }

                for (int i = done; i < n; i++)
                {
                    buffer[bufferOffset + i] = 0;
                }

                offset += n;
                bufferOffset += n;
                count -= n;
            }
        }

        public void Write(int offset, byte[] buffer, int bufferOffset, int count)
        {
            Check(offset, count);
            while (count > 0)
            {
                int segment = offset / SegmentBytes;
                int within = offset - segment * SegmentBytes;
                int n = SegmentBytes - within < count ? SegmentBytes - within : count;
                FileStream fs = Open(segment);
                fs.Seek(within, SeekOrigin.Begin);
                fs.Write(buffer, bufferOffset, n);
                offset += n;
                bufferOffset += n;
                count -= n;
            }
        }

        public void Flush()
        {
            if (_first != null)
            {
                _first.Flush();
            }

            if (_current != null)
            {
                _current.Flush();
            }
        }

        public void Dispose()
        {
            if (_first != null)
            {
                _first.Dispose();
                _first = null;
            }

            Close();
        }

        private FileStream Open(int segment)
        {
            if (segment == 0)
            {
                if (_first == null)
                {
                    _first = new FileStream(PathOf(0), FileMode.Open, FileAccess.ReadWrite);
                }

                return _first;
            }

            if (segment != _currentIndex)
            {
                Close();
                _current = new FileStream(PathOf(segment), FileMode.Open, FileAccess.ReadWrite);
                _currentIndex = segment;
            }

            return _current;
        }

        private void Close()
        {
            if (_current != null)
            {
                _current.Flush();
                _current.Dispose();
                _current = null;
            }

            _currentIndex = -1;
        }

        private int LengthOf(int segment)
        {
            int rest = _size - segment * SegmentBytes;
            return rest < SegmentBytes ? rest : SegmentBytes;
        }

        private void Check(int offset, int count)
        {
            if (offset < 0 || count < 0 || offset + count > _size)
            {
                throw new ArgumentOutOfRangeException("offset", "region is " + _size.ToString() + " bytes");
            }
        }
    }
}
