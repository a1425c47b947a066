using System;
using System.IO;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Device.Boot;

namespace Methane.Firmware.Device.App.Storage
{
    /// <summary>
    /// The core's <see cref="IOutboxStorage"/> as one fixed-size file on the internal flash (I:\data\outbox.bin), created at
    /// its full size on first use so every later write lands inside it. The file stays open for the whole run: the outbox
    /// writes one 104-byte slot per reading, and reopening a file per write costs more flash wear and time than a seek.
    /// Reads beyond what was ever written return zeros (the outbox treats them as empty slots).
    /// </summary>
    public sealed class FlashRegionFile : IOutboxStorage, IDisposable
    {
        private readonly FileStream _file;
        private readonly int _size;

        public FlashRegionFile(string path, int size)
        {
            _size = size;
            FlashFile.EnsureDirectory(DevicePaths.DataDir);
            bool exists = File.Exists(path);
            _file = new FileStream(path, exists ? FileMode.Open : FileMode.Create, FileAccess.ReadWrite);
            if (_file.Length < size)
            {
                // Grow to the full size once (zeros); a region that shrank in a new version is simply used partly.
                byte[] zeros = new byte[256];
                _file.Seek(_file.Length, SeekOrigin.Begin);
                long missing = size - _file.Length;
                while (missing > 0)
                {
                    int n = missing > zeros.Length ? zeros.Length : (int)missing;
                    _file.Write(zeros, 0, n);
                    missing -= n;
                }

                _file.Flush();
            }
        }

        public int Size
        {
            get { return _size; }
        }

        public void Read(int offset, byte[] buffer, int bufferOffset, int count)
        {
            _file.Seek(offset, SeekOrigin.Begin);
            int done = 0;
            while (done < count)
            {
                int n = _file.Read(buffer, bufferOffset + done, count - done);
                if (n <= 0)
                {
                    break;
                }

                done += n;
            }

            for (int i = done; i < count; i++)
            {
                buffer[bufferOffset + i] = 0;
            }
        }

        public void Write(int offset, byte[] buffer, int bufferOffset, int count)
        {
            _file.Seek(offset, SeekOrigin.Begin);
            _file.Write(buffer, bufferOffset, count);
        }

        public void Flush()
        {
            _file.Flush();
        }

        public void Dispose()
        {
            _file.Dispose();
        }
    }
}
