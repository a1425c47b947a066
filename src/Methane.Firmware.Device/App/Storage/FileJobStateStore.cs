using Methane.Firmware.Core.Jobs;
using Methane.Firmware.Device.Boot;

namespace Methane.Firmware.Device.App.Storage
{
    /// <summary>The jobs client's record (job in progress and its phase) as I:\data\job.0 / job.1.</summary>
    public sealed class FileJobStateStore : IJobStateStore
    {
        private readonly TwoCopyFiles _files = new TwoCopyFiles(DevicePaths.JobStateBase);

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
