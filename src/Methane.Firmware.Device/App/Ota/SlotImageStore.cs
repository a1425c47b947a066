using System;
using System.IO;
using Methane.Firmware.Core.App;
using Methane.Firmware.Core.Ota;
using Methane.Firmware.Device.Boot;

namespace Methane.Firmware.Device.App.Ota
{
    /// <summary>
    /// The core's <see cref="IImageStore"/> over the two application slots on the internal flash: slot 0 = I:\app\a,
    /// slot 1 = I:\app\b, each holding the application image "app.img" (core + application assemblies) and, once the core verified it, the empty "commit"
    /// file. Shared by the resident loader (boot decision) and the application (download, staging). Which slot runs is
    /// decided by the core's OTA record, never by copying files.
    /// </summary>
    public sealed class SlotImageStore : IImageStore
    {
        /// <summary>Room per slot (DeviceStorage: the flash budget test checks it against every board's I: size).</summary>
        public const long DefaultCapacity = DeviceStorage.SlotCapacityBytes;

        private readonly long _capacity;

        public SlotImageStore(long capacity)
        {
            _capacity = capacity;
        }

        public long SlotCapacity
        {
            get { return _capacity; }
        }

        public bool Erase(int slot)
        {
            try
            {
                FlashFile.EnsureDirectory(DevicePaths.AppRoot + "\\" + DevicePaths.SlotName(slot));
                // The marker goes first: a cut between the two deletions leaves an image without a marker, never the reverse.
                FlashFile.Delete(DevicePaths.SlotCommit(slot));
                FlashFile.Delete(DevicePaths.SlotImage(slot));
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        public long GetLength(int slot)
        {
            try
            {
                string path = DevicePaths.SlotImage(slot);
                if (!File.Exists(path))
                {
                    return 0;
                }

                using (FileStream fs = new FileStream(path, FileMode.Open, FileAccess.Read))
                {
                    return fs.Length;
                }
            }
            catch (Exception)
            {
                return 0;
            }
        }

        public bool Append(int slot, byte[] data, int offset, int count)
        {
            if (GetLength(slot) + count > _capacity)
            {
                return false;
            }

            try
            {
                FlashFile.EnsureDirectory(DevicePaths.AppRoot + "\\" + DevicePaths.SlotName(slot));
                using (FileStream fs = new FileStream(DevicePaths.SlotImage(slot), FileMode.Append, FileAccess.Write))
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

        public int Read(int slot, long position, byte[] buffer, int offset, int count)
        {
            try
            {
                using (FileStream fs = new FileStream(DevicePaths.SlotImage(slot), FileMode.Open, FileAccess.Read))
                {
                    if (position >= fs.Length)
                    {
                        return 0;
                    }

                    fs.Seek(position, SeekOrigin.Begin);
                    return fs.Read(buffer, offset, count);
                }
            }
            catch (Exception)
            {
                return 0;
            }
        }

        public bool WriteCommitMarker(int slot)
        {
            try
            {
                using (FileStream fs = new FileStream(DevicePaths.SlotCommit(slot), FileMode.Create, FileAccess.Write))
                {
                    fs.Flush();
                }

                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        public bool HasCommitMarker(int slot)
        {
            try
            {
                return File.Exists(DevicePaths.SlotCommit(slot));
            }
            catch (Exception)
            {
                return false;
            }
        }
    }
}
