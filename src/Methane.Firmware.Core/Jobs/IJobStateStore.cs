namespace Methane.Firmware.Core.Jobs
{
    /// <summary>
    /// Two small persistent copies (0 and 1) of the jobs client's record (the job in progress and its phase). Same contract
    /// as <see cref="Ota.IOtaStateStore"/>: the core alternates copies and CRC-checks them, so a torn write is survivable.
    /// </summary>
    public interface IJobStateStore
    {
        int Read(int copy, byte[] buffer, int offset, int count);

        bool Write(int copy, byte[] data, int offset, int count);
    }
}
