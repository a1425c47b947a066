using Methane.Firmware.Core.CommandConsole;
using Methane.Firmware.Core.Ota;
using Methane.Firmware.Device.App.Settings;
using Methane.Firmware.Device.App.Storage;
using Methane.Firmware.Device.Boot;

namespace Methane.Firmware.Device.App.DeviceConsole
{
    /// <summary>
    /// The COM2 console once the board is provisioned: every line goes to the core's <see cref="ConsoleInterpreter"/>
    /// (help, status, config get/set, calibrate zero, selftest, outbox, reboot, factory-reset yes), except the device-only
    /// commands answered here: "device" (identity, broker, running slot, OTA record) and "provision yes" (erase the identity
    /// only and reboot into provisioning). Runs on its own thread; the core is entered only under the main loop's lock.
    /// </summary>
    public sealed class ConsoleCommands
    {
        public const string DeviceHelp =
            "device commands:\n" +
            "  device                    thing, site, broker, running slot, OTA state\n" +
            "  provision yes             erase the identity (Wi-Fi, thing, certificates) and reboot into provisioning";

        private readonly SerialConsole _console;
        private readonly ConsoleInterpreter _interpreter;
        private readonly object _loopLock;
        private readonly ProvisionedIdentity _identity;
        private readonly OtaStateMachine _ota;
        private readonly SettingsFile _settings;
        private readonly DeviceControl _control;

        public ConsoleCommands(SerialConsole console, ConsoleInterpreter interpreter, object loopLock, ProvisionedIdentity identity,
            OtaStateMachine ota, SettingsFile settings, DeviceControl control)
        {
            _console = console;
            _interpreter = interpreter;
            _loopLock = loopLock;
            _identity = identity;
            _ota = ota;
            _settings = settings;
            _control = control;
        }

        public void Run()
        {
            while (true)
            {
                string line = _console.ReadLine(-1);
                ConsoleCommand command = ConsoleCommand.Parse(line);
                if (command.Name == "device")
                {
                    Reply(DeviceStatus());
                    continue;
                }

                if (command.Name == ConsoleCommand.Provision)
                {
                    if (command.Args.Length != 1 || command.Args[0].ToLower() != "yes")
                    {
                        Reply("provision erases the identity and reboots into provisioning: type 'provision yes'");
                        continue;
                    }

                    IdentityStore.Erase();
                    Reply("identity erased, rebooting into provisioning");
                    _control.Reboot();
                    continue;
                }

                string reply;
                lock (_loopLock)
                {
                    reply = _interpreter.Execute(line);
                    if (command.Name == "config" || command.Name == "calibrate")
                    {
                        // Persist whatever the command changed (a refused value changed nothing; saving again is harmless).
                        _settings.Save();
                    }
                }

                if (command.Name == ConsoleCommand.Help)
                {
                    reply = reply + "\n" + DeviceHelp;
                }

                Reply(reply);
            }
        }

        private string DeviceStatus()
        {
            lock (_loopLock)
            {
                return "device thing " + _identity.ThingName + " site " + _identity.Site + " broker " + _identity.BrokerHost + ":"
                    + _identity.BrokerPort.ToString() + "\nslot running " + DevicePaths.SlotName(_ota.RunningSlot) + ", active "
                    + DevicePaths.SlotName(_ota.ActiveSlot) + ", ota state " + OtaStateName(_ota.State) + ", trial boots "
                    + _ota.BootCount.ToString() + (_ota.JobId != null ? ", job " + _ota.JobId : string.Empty)
                    + (_ota.Error != OtaError.None ? ", last error " + OtaErrorText.Reason(_ota.Error) : string.Empty);
            }
        }

        private void Reply(string text)
        {
            if (text == null || text.Length == 0)
            {
                return;
            }

            string[] lines = text.Split(new char[] { '\n' });
            for (int i = 0; i < lines.Length; i++)
            {
                _console.WriteLine(lines[i]);
            }
        }

        private static string OtaStateName(OtaState state)
        {
            switch (state)
            {
                case OtaState.Idle: return "idle";
                case OtaState.Downloading: return "downloading";
                case OtaState.Staged: return "staged";
                case OtaState.Rebooting: return "rebooting";
                case OtaState.Trial: return "trial";
                case OtaState.Confirmed: return "confirmed";
                case OtaState.RolledBack: return "rolled_back";
                case OtaState.Failed: return "failed";
                default: return "unknown";
            }
        }
    }
}
