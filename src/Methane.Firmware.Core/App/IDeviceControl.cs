namespace Methane.Firmware.Core.App
{
    /// <summary>What only the shell around the core can do: restart the device, wipe its stored state.</summary>
    public interface IDeviceControl
    {
        /// <summary>Restarts the firmware (the device reboots; the host builds a fresh loop over the same storage).</summary>
        void Reboot();

        /// <summary>Erases settings, calibration and the outbox, then reboots with the board's defaults.</summary>
        void FactoryReset();
    }
}
