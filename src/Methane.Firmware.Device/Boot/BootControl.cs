using System.Text;

namespace Methane.Firmware.Device.Boot
{
    /// <summary>Reads and writes <see cref="BootState"/> at <see cref="DevicePaths.BootFile"/>.</summary>
    public static class BootControl
    {
        public static BootState Load()
        {
            byte[] data = FlashFile.ReadAll(DevicePaths.BootFile);
            if (data == null)
            {
                return new BootState();
            }

            return BootState.Parse(Encoding.UTF8.GetString(data, 0, data.Length));
        }

        public static void Save(BootState state)
        {
            byte[] data = Encoding.UTF8.GetBytes(state.Format());
            FlashFile.WriteAtomic(DevicePaths.BootFile, data, 0, data.Length);
        }
    }
}
