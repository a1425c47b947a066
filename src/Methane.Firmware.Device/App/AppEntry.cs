using System;
using System.Threading;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Device.App.Adapters;
using Methane.Firmware.Device.App.Board;
using Methane.Firmware.Device.App.DeviceConsole;
using Methane.Firmware.Device.App.Net;
using Methane.Firmware.Device.App.Ota;
using Methane.Firmware.Device.App.Recovery;
using Methane.Firmware.Device.App.Status;
using Methane.Firmware.Device.App.Storage;
using Methane.Firmware.Device.Boot;
using System.Security.Cryptography.X509Certificates;

namespace Methane.Firmware.Device.App
{
    /// <summary>
    /// Entry point the resident loader calls by reflection after Assembly.Load: <c>Run(string slot)</c>. Brings the board up
    /// (console, identity or provisioning, Wi-Fi, SNTP) and hands control to the core's loop. Never returns normally: the
    /// board reboots or deep-sleeps.
    /// </summary>
    public static class AppEntry
    {
        public const string FirmwareVersion = "1.0.0";
        private const int WatchdogMs = 180000;

        public static void Run(string slot)
        {
            SerialConsole console = new SerialConsole();
            DeviceLog.Attach(console);
            StatusLed led = new StatusLed();
            DeviceClock clock = new DeviceClock();
            DeviceLog.Info("BOOT methane-firmware " + FirmwareVersion + " slot=" + slot + " loader=" + BootControl.Load().LastEvent);

            ProvisionedIdentity identity = IdentityStore.Load();
            if (identity == null)
            {
                led.Code = StatusLed.CodeProvisioning;
                identity = new Provisioning(console, clock).Run();
            }

            ConsoleCommands commands = new ConsoleCommands(console, identity, slot);
            new Thread(commands.Run).Start();

            SoftwareWatchdog watchdog = new SoftwareWatchdog(WatchdogMs);
            commands.Watchdog = watchdog;

            int net = NetworkBringUp.Connect(identity.WifiSsid, identity.WifiPassword, null, null, 60000, clock);
            if (net != NetworkBringUp.ResultOk)
            {
                led.Code = net == NetworkBringUp.ResultNoWifi ? StatusLed.CodeNoWifi : StatusLed.CodeClockNotSet;
            }

            M2MqttTransport transport = new M2MqttTransport(
                identity.BrokerHost,
                identity.BrokerPort,
                new X509Certificate(identity.CaPem),
                new X509Certificate2(identity.CertificatePem, identity.PrivateKeyPem, null));

            // TODO(core): replace this bring-up loop with the core's main loop once the session manager, outbox, drivers,
            // shadow, jobs client and OTA state machine land in main: construct them here with NanoI2cDevice(BoardPins.*),
            // clock, transport, the flash storage adapters and SlotImageStore, then call the loop's Step() and watchdog.Kick()
            // per iteration; the OTA state machine calls SlotImageStore.ConfirmRunning(slot) when its window succeeds.
            while (true)
            {
                watchdog.Kick();
                if (!clock.IsWallClockSet)
                {
                    led.Code = StatusLed.CodeClockNotSet;
                    DeviceLog.Warn("MQTT waiting: clock not set");
                }
                else if (!transport.IsConnected)
                {
                    MqttTransportStatus status = transport.Connect(identity.ThingName, 60, false, null, null);
                    if (status == MqttTransportStatus.Ok)
                    {
                        led.Code = StatusLed.CodeOk;
                        DeviceLog.Info("MQTT connected to " + identity.BrokerHost + " as " + identity.ThingName);
                    }
                    else
                    {
                        led.Code = StatusLed.CodeTlsOrBrokerRefused;
                        DeviceLog.Error("MQTT " + status.ToString() + " " + transport.LastError);
                    }
                }

                Thread.Sleep(5000);
            }
        }
    }
}
