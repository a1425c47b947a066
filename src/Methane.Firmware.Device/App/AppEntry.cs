using System;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Methane.Firmware.Core.App;
using Methane.Firmware.Core.CommandConsole;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Devices;
using Methane.Firmware.Core.Jobs;
using Methane.Firmware.Core.Json;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Ota;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Shadow;
using Methane.Firmware.Core.Telemetry;
using Methane.Firmware.Device.App.Adapters;
using Methane.Firmware.Device.App.Board;
using Methane.Firmware.Device.App.DeepSleep;
using Methane.Firmware.Device.App.DeviceConsole;
using Methane.Firmware.Device.App.Net;
using Methane.Firmware.Device.App.Ota;
using Methane.Firmware.Device.App.Recovery;
using Methane.Firmware.Device.App.Settings;
using Methane.Firmware.Device.App.Status;
using Methane.Firmware.Device.App.Storage;
using Methane.Firmware.Device.Boot;

namespace Methane.Firmware.Device.App
{
    /// <summary>
    /// Entry point the resident loader calls by reflection after Assembly.Load: <c>Run(int slot)</c>. Brings the board up
    /// (console, identity or provisioning, settings, Wi-Fi + SNTP), composes the portable core over the device adapters and
    /// runs its main loop. Never returns normally: the board reboots or deep-sleeps.
    /// </summary>
    public static class AppEntry
    {
        public const string FirmwareVersion = "1.0.0";
        private const int WatchdogMs = 180000;
        private const int OutboxRecords = DeviceStorage.OutboxRecords;
        private const int SeqBlock = 64;
        private const int DownloadTimeoutMs = 30000;
        private const int LoopSleepMaxMs = 50;

        /// <summary>After going online, stay awake this long before a deep sleep (shadow delta, jobs start-next answers).</summary>
        private const long AwakeAfterOnlineMs = 20000;

        // No static field initializers here: a static constructor in the entry type is a known Assembly.Load failure.
        private static object s_loopLock;

        private static FirmwareComposition s_firmware;
        private static ShadowSettingsTable s_shadowTable;
        private static ConfigTable s_config;
        private static DevicePowerSettings s_power;
        private static int s_net;

        public static void Run(int slot)
        {
            SerialConsole console = new SerialConsole();
            DeviceLog.Attach(console);
            StatusLed led = new StatusLed(BoardPins.StatusLed);
            DeviceClock clock = new DeviceClock();
            DeviceLog.Info("BOOT methane-firmware " + FirmwareVersion + " slot=" + DevicePaths.SlotName(slot));

            ProvisionedIdentity identity = IdentityStore.Load();
            if (identity == null)
            {
                StatusReport.Show(led, StatusCodes.WaitingForProvisioning);
                identity = new Provisioning(console, clock).Run();
            }

            // Settings: board constants, then what the console/shadow stored.
            BoardConfig board = BoardDefaults.Create();
            DeviceSettings device = new DeviceSettings();
            s_power = new DevicePowerSettings();
            s_config = new ConfigTable(board, device);
            SettingsFile settings = new SettingsFile(s_config, s_power);
            int skipped = settings.Load();
            if (skipped > 0)
            {
                DeviceLog.Warn("SETTINGS " + skipped.ToString() + " stored settings refused, board defaults kept for them");
            }

            SoftwareWatchdog watchdog = new SoftwareWatchdog(WatchdogMs);
            DeviceControl control = new DeviceControl(watchdog);

            // OTA: the loader already let the state machine pick this slot; adopt that decision (no second boot count).
            SlotImageStore images = new SlotImageStore(SlotImageStore.DefaultCapacity);
            OtaStateMachine ota = new OtaStateMachine(new FileOtaStateStore(), images, clock);
            ota.Load();
            if (!ota.AdoptBootSlot(slot))
            {
                DeviceLog.Warn("BOOT slot " + DevicePaths.SlotName(slot) + " is not the one the OTA record allows");
            }

            int net = s_net = NetworkBringUp.Connect(identity.WifiSsid, identity.WifiPassword, null, null, 60000, clock);
            if (net != NetworkBringUp.ResultOk)
            {
                StatusReport.Show(led, net == NetworkBringUp.ResultNoWifi ? StatusCodes.NoWifi : StatusCodes.ClockNotSet);
            }

            X509Certificate ca = new X509Certificate(identity.CaPem);
            M2MqttTransport transport = new M2MqttTransport(identity.BrokerHost, identity.BrokerPort, ca,
                new X509Certificate2(identity.CertificatePem, identity.PrivateKeyPem, null));
            SessionSettings sessionSettings = new SessionSettings();
            sessionSettings.RandomSeed = Seed(identity.ThingName);
            sessionSettings.MaxInFlight = 20;       // RAM: M2Mqtt keeps every unacknowledged message
            sessionSettings.InboundSlotBytes = 4096;

            // Store-and-forward: one region (one-block segment files) holds the outbox ring and the seq reservation.
            FlashFile.EnsureDirectory(DevicePaths.DataDir);
            FlashFile.Delete(DevicePaths.LegacyOutboxFile);
            SegmentedRegionFile region = new SegmentedRegionFile(DevicePaths.OutboxBase, FirmwarePlatform.RegionBytes(OutboxRecords));

            // The core's one wiring over the device adapters; I2C pins come from the board constants
            // (Configuration.SetPinFunction inside NanoI2cDevice).
            s_shadowTable = new ShadowSettingsTable(s_config, s_power);
            FirmwarePlatform platform = new FirmwarePlatform();
            platform.UseRegion(region, OutboxRecords);
            platform.SeqBlock = SeqBlock;
            platform.Transport = transport;
            platform.Clock = clock;
            platform.Identity = new DeviceIdentity(identity.ThingName, identity.Site, FirmwareVersion);
            platform.Session = sessionSettings;
            platform.Log = new ConsoleLogSink();
            platform.Board = board;
            platform.Settings = device;
            platform.Adc = new NanoI2cDevice(board.Adc.Address);
            platform.EnvSensor = new NanoI2cDevice(board.EnvSensor.Address);
            // Met-station boards (role met): the anemometer's reed switch on the PCNT unit.
            NanoPulseCounter anemometer = board.IsMetStation ? new NanoPulseCounter(BoardPins.AnemometerPin) : null;
            platform.PulseCounter = anemometer;
            platform.ShadowSettings = s_shadowTable;
            platform.ShadowBufferBytes = 2048;
            platform.Ota = ota;
            platform.Images = images;
            platform.Downloader = new HttpsImageDownloader(ca, DownloadTimeoutMs);
            platform.Restart = control;
            platform.JobStates = new FileJobStateStore();
            platform.ConfigJob = ApplyConfigJob;
            platform.DownloadChunkBytes = 2048;
            platform.JobDocumentBytes = 4096;
            s_firmware = new FirmwareComposition(platform);
            FirmwareLoop loop = s_firmware.Loop;

            ConsoleInterpreter interpreter = new ConsoleInterpreter(loop, s_config,
                NewSelfTest(board, platform, clock, anemometer), control);
            s_loopLock = new object();
            new Thread(new ConsoleCommands(console, interpreter, s_loopLock, identity, ota, settings, control).Run).Start();

            lock (s_loopLock)
            {
                s_firmware.Start();
            }

            while (true)
            {
                watchdog.Kick();
                long sleepMs;
                lock (s_loopLock)
                {
                    s_firmware.Tick();
                    if (s_shadowTable.Changed)
                    {
                        // Applied by the loop already (shadow delta or config job); persist it.
                        s_shadowTable.Changed = false;
                        settings.Save();
                    }

                    DeviceStatus adc = s_firmware.Cycle != null ? s_firmware.Cycle.LastAdcStatus : s_firmware.Met.LastAdcStatus;
                    StatusReport.Show(led, LedCode(s_firmware.Session.State, adc));
                    if (s_firmware.ReadyToSleep(s_power.DeepSleepSeconds, AwakeAfterOnlineMs))
                    {
                        watchdog.Stop();
                        region.Flush();
                        transport.Disconnect();
                        BatchSleep.Enter(s_power.DeepSleepSeconds);
                    }

                    sleepMs = loop.MillisecondsUntilDue;
                }

                Thread.Sleep(sleepMs > LoopSleepMaxMs ? LoopSleepMaxMs : (int)sleepMs + 1);
            }
        }

        /// <summary>A "config" job: the object holds console setting names, e.g. {"alarm.lowLelPct":12}.</summary>
        private static string ApplyConfigJob(byte[] buffer, int offset, int count)
        {
            int skipped = SettingsDocument.Apply(buffer, offset, count, s_config, s_power);
            if (skipped < 0)
            {
                return "config: not a JSON object";
            }

            s_firmware.Loop.ApplySettings();
            s_shadowTable.Changed = true; // persisted by the loop
            s_firmware.Shadow.RequestReport();
            return skipped == 0 ? null : "config: " + skipped.ToString() + " entries refused (unknown name or out of range)";
        }

        private static int LedCode(SessionState state, DeviceStatus adc)
        {
            if (state != SessionState.Online && s_net == NetworkBringUp.ResultNoWifi)
            {
                return StatusCodes.NoWifi;
            }

            if (adc != DeviceStatus.Ok)
            {
                return StatusCodes.SensorFault;
            }

            switch (state)
            {
                case SessionState.Online: return StatusCodes.Running;
                case SessionState.WaitingForClock: return StatusCodes.ClockNotSet;
                default: return StatusCodes.NoBroker;
            }
        }

        /// <summary>Backoff jitter seed from the thing name, so a site's boards do not reconnect in step.</summary>
        private static uint Seed(string thing)
        {
            uint h = 2166136261;
            for (int i = 0; i < thing.Length; i++)
            {
                h = (h ^ thing[i]) * 16777619;
            }

            return h == 0 ? 1 : h;
        }

        private static SelfTest NewSelfTest(BoardConfig board, FirmwarePlatform platform, DeviceClock clock, NanoPulseCounter anemometer)
        {
            SelfTest test = new SelfTest(board, platform.Adc, platform.EnvSensor, clock);
            test.Anemometer = anemometer;
            return test;
        }
    }
}
