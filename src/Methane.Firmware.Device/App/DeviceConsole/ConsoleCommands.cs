using System.Threading;
using Methane.Firmware.Device.App.Recovery;
using Methane.Firmware.Device.App.Storage;
using Methane.Firmware.Device.Boot;
using nanoFramework.Runtime.Native;

namespace Methane.Firmware.Device.App.DeviceConsole
{
    /// <summary>The technician commands on COM2 once the board is provisioned (see README "Console commands").</summary>
    public sealed class ConsoleCommands
    {
        private readonly SerialConsole _console;
        private readonly ProvisionedIdentity _identity;
        private readonly string _slot;

        public ConsoleCommands(SerialConsole console, ProvisionedIdentity identity, string slot)
        {
            _console = console;
            _identity = identity;
            _slot = slot;
        }

        public SoftwareWatchdog Watchdog;

        public void Run()
        {
            while (true)
            {
                ConsoleCommand command = ConsoleCommand.Parse(_console.ReadLine(-1));
                switch (command.Name)
                {
                    case "":
                        break;
                    case ConsoleCommand.Help:
                        _console.WriteLine("commands: help | status | factory-reset YES | reboot");
                        break;
                    case ConsoleCommand.Status:
                        BootState boot = BootControl.Load();
                        _console.WriteLine("STATUS thing=" + _identity.ThingName + " site=" + _identity.Site + " broker=" + _identity.BrokerHost
                            + " slot=" + _slot + " active=" + boot.Active + " pending=" + boot.Pending + " attempts=" + boot.Attempts.ToString()
                            + " last=" + boot.LastEvent);
                        break;
                    case ConsoleCommand.FactoryReset:
                        if (command.Args.Length != 1 || command.Args[0] != "YES")
                        {
                            _console.WriteLine("factory-reset erases identity, config and outbox: type  factory-reset YES");
                            break;
                        }

                        IdentityStore.Erase();
                        DataStore.EraseAll();
                        _console.WriteLine("FACTORY-RESET done: rebooting into provisioning");
                        Reboot();
                        break;
                    case ConsoleCommand.Reboot:
                        Reboot();
                        break;
                    default:
                        _console.WriteLine("unknown command '" + command.Name + "' (help)");
                        break;
                }
            }
        }

        private void Reboot()
        {
            if (Watchdog != null)
            {
                Watchdog.Stop();
            }

            Thread.Sleep(200);
            Power.RebootDevice();
        }
    }
}
