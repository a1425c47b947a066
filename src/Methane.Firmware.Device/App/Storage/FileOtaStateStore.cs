using Methane.Firmware.Core.Ota;
using Methane.Firmware.Device.Boot;

namespace Methane.Firmware.Device.App.Storage
{
    /// <summary>The core's OTA state record as I:\data\ota.0 / ota.1. Used by the resident loader and the application.</summary>
    public sealed class FileOtaStateStore : IOtaStateStore
    {
        private readonly TwoCopyFiles _files = new TwoCopyFiles(DevicePaths.OtaStateBase);

        public int Read(int copy, byte[] buffer, int offset, int count)
        {
            return _files.Read(copy, buffer, offset, count);
        }

        public bool Write(int copy, byte[] data, int offset, int count)
        {
            return _files.Write(copy, data, offset, count);
        }
    }
}
