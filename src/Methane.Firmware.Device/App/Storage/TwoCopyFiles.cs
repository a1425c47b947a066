using System;
using System.IO;
using Methane.Firmware.Device.Boot;

namespace Methane.Firmware.Device.App.Storage
{
    /// <summary>
    /// Two small files "base.0" and "base.1" for the core's two-copy records (OTA state, jobs record). The core writes the
    /// copies alternately and CRC-checks them, so a plain overwrite is enough: a write torn by a power cut damages only the
    /// copy being written, and the core falls back to the other.
    /// </summary>
    public sealed class TwoCopyFiles
    {
        private readonly string _base;

        public TwoCopyFiles(string basePath)
        {
            _base = basePath;
        }

        public int Read(int copy, byte[] buffer, int offset, int count)
        {
            try
            {
                string path = PathOf(copy);
                if (!File.Exists(path))
                {
                    return 0;
                }

                using (FileStream fs = new FileStream(path, FileMode.Open, FileAccess.Read))
                {
                    int done = 0;
                    while (done < count)
                    {
                        int n = fs.Read(buffer, offset + done, count - done);
                        if (n <= 0)
                        {
                            break;
                        }

                        done += n;
                    }

                    return done;
                }
            }
            catch (Exception)
            {
                return 0;
            }
        }

        public bool Write(int copy, byte[] data, int offset, int count)
        {
            try
            {
                FlashFile.EnsureDirectory(DevicePaths.DataDir);
                using (FileStream fs = new FileStream(PathOf(copy), FileMode.Create, FileAccess.Write))
                {
                    fs.Write(data, offset, count);
                    fs.Flush();
                }

                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        public void Erase()
        {
            FlashFile.Delete(PathOf(0));
            FlashFile.Delete(PathOf(1));
        }

        private string PathOf(int copy)
        {
            return _base + (copy == 0 ? ".0" : ".1");
        }
    }
}
