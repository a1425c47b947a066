using System.IO;
using Methane.Firmware.Device.Boot;

namespace Methane.Firmware.Device.App.Storage
{
    /// <summary>
    /// Config, outbox and OTA state files under I:\data. Whole records are written with <see cref="FlashFile.WriteAtomic"/>;
    /// the outbox adds its own length prefix and CRC per record (core), so a torn append is detected and skipped.
    /// TODO(core): implement IOutboxStorage, the config store and IOtaStateStore over these helpers when they land in main.
    /// </summary>
    public static class DataStore
    {
        public static string PathOf(string name)
        {
            return DevicePaths.DataDir + "\\" + name;
        }

        public static byte[] Read(string name)
        {
            return FlashFile.ReadAll(PathOf(name));
        }

        public static void Replace(string name, byte[] data, int offset, int count)
        {
            FlashFile.EnsureDirectory(DevicePaths.DataDir);
            FlashFile.WriteAtomic(PathOf(name), data, offset, count);
        }

        public static void Append(string name, byte[] data, int offset, int count)
        {
            FlashFile.EnsureDirectory(DevicePaths.DataDir);
            using (FileStream fs = new FileStream(PathOf(name), FileMode.Append, FileAccess.Write))
            {
                fs.Write(data, offset, count);
                fs.Flush();
            }
        }

        public static void EraseAll()
        {
            if (!Directory.Exists(DevicePaths.DataDir))
            {
                return;
            }

            string[] files = Directory.GetFiles(DevicePaths.DataDir);
            for (int i = 0; i < files.Length; i++)
            {
                File.Delete(files[i]);
            }
        }
    }
}
