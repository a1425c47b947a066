using System.IO;
using System.Text;
using Methane.Firmware.Device.Boot;

namespace Methane.Firmware.Device.App.Ota
{
    /// <summary>
    /// Stages a downloaded application image (.pe files) in the slot that is not running, then marks it pending for the
    /// loader (<see cref="BootDecision.Stage"/>). Chunks are appended at the position the caller names, so a download resumed
    /// after a reboot (HTTP Range) continues the same file; size and SHA-256 are checked by the core before <see cref="Commit"/>.
    /// TODO(core): implement the core's IImageStore with these operations once Ota/IImageStore.cs lands in main.
    /// </summary>
    public sealed class SlotImageStore
    {
        private readonly string _runningSlot;

        public SlotImageStore(string runningSlot)
        {
            _runningSlot = runningSlot;
        }

        public string TargetSlot
        {
            get { return BootState.OtherSlot(_runningSlot); }
        }

        /// <summary>Empties the target slot before a new image (never the running one).</summary>
        public void Clear()
        {
            string dir = DevicePaths.AppRoot + "\\" + TargetSlot;
            FlashFile.EnsureDirectory(dir);
            string[] files = Directory.GetFiles(dir);
            for (int i = 0; i < files.Length; i++)
            {
                File.Delete(files[i]);
            }
        }

        /// <summary>Bytes of <paramref name="fileName"/> already staged (0 when absent): where a resumed download restarts.</summary>
        public long StagedLength(string fileName)
        {
            string path = DevicePaths.SlotDir(TargetSlot) + fileName;
            if (!File.Exists(path))
            {
                return 0;
            }

            using (FileStream fs = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                return fs.Length;
            }
        }

        public void Append(string fileName, byte[] data, int offset, int count)
        {
            using (FileStream fs = new FileStream(DevicePaths.SlotDir(TargetSlot) + fileName, FileMode.Append, FileAccess.Write))
            {
                fs.Write(data, offset, count);
                fs.Flush();
            }
        }

        /// <summary>Reads back a staged file in chunks (for the core's SHA-256 check). Returns bytes read, 0 at the end.</summary>
        public int ReadAt(string fileName, long position, byte[] buffer, int offset, int count)
        {
            using (FileStream fs = new FileStream(DevicePaths.SlotDir(TargetSlot) + fileName, FileMode.Open, FileAccess.Read))
            {
                fs.Seek(position, SeekOrigin.Begin);
                return fs.Read(buffer, offset, count);
            }
        }

        /// <summary>Writes the load order and arms the loader: the next boot tries the new slot.</summary>
        public void Commit(string[] fileNamesInLoadOrder)
        {
            string manifest = string.Empty;
            for (int i = 0; i < fileNamesInLoadOrder.Length; i++)
            {
                manifest = manifest + fileNamesInLoadOrder[i] + "\n";
            }

            byte[] bytes = Encoding.UTF8.GetBytes(manifest);
            FlashFile.WriteAtomic(DevicePaths.SlotManifest(TargetSlot), bytes, 0, bytes.Length);

            BootState state = BootControl.Load();
            BootDecision.Stage(state);
            BootControl.Save(state);
        }

        /// <summary>The running slot connected and published within the window: make it permanent.</summary>
        public static bool ConfirmRunning(string runningSlot)
        {
            BootState state = BootControl.Load();
            if (!BootDecision.Confirm(state, runningSlot))
            {
                return false;
            }

            BootControl.Save(state);
            return true;
        }
    }
}
