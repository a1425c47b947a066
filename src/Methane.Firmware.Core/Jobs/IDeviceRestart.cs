namespace Methane.Firmware.Core.Jobs
{
    /// <summary>Reboots the board (the device) or restarts the device loop with the slot the loader picks (the host).</summary>
    public interface IDeviceRestart
    {
        void Restart();
    }

    /// <summary>Applies a config job's raw "config" object; returns null when applied, else a reason ("field: problem").</summary>
    public delegate string ConfigApplyHandler(byte[] buffer, int offset, int count);
}
