namespace Methane.Firmware.Device.App.Settings
{
    /// <summary>Device-only setting not known to the core: deep sleep between batches (battery boards).</summary>
    public sealed class DevicePowerSettings
    {
        public const string Name = "device.deepSleepSeconds";
        public const int Max = 86400;

        /// <summary>0 = never sleep (mains boards). Otherwise the board sleeps this long once the outbox is empty.</summary>
        public int DeepSleepSeconds;
    }
}
