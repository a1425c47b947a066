using System.Threading;
using Methane.Firmware.Core.App;
using Methane.Firmware.Core.Jobs;
using Methane.Firmware.Device.App.DeviceConsole;
using Methane.Firmware.Device.App.Recovery;
using Methane.Firmware.Device.App.Storage;
using nanoFramework.Runtime.Native;

namespace Methane.Firmware.Device.App
{
    /// <summary>
    /// What only the board can do, for the core: reboot (console "reboot", reboot jobs, OTA apply and trial window) and
    /// factory reset (console "factory-reset yes": identity, settings, outbox, OTA and job records erased; the application
    /// slots stay). The reboot is nanoFramework.Runtime.Native's Power.RebootDevice().
    /// </summary>
    public sealed class DeviceControl : IDeviceControl, IDeviceRestart
    {
        private readonly SoftwareWatchdog _watchdog;

        public DeviceControl(SoftwareWatchdog watchdog)
        {
            _watchdog = watchdog;
        }

        public void Reboot()
        {
            DeviceLog.Info("BOOT rebooting");
            if (_watchdog != null)
            {
                _watchdog.Stop();
            }

            // Let the console line and the last log line leave the UART.
            Thread.Sleep(200);
            Power.RebootDevice();
        }

        public void Restart()
        {
            Reboot();
        }

        public void FactoryReset()
        {
            IdentityStore.Erase();
            DataStore.EraseAll();
            DeviceLog.Info("FACTORY-RESET done: rebooting into provisioning");
            Reboot();
        }
    }
}
