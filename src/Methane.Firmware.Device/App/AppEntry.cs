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

        private static FirmwareLoop s_loop;
        private static Topics s_topics;
        private static ShadowAgent s_shadow;
        private static ShadowSettingsTable s_shadowTable;
        private static JobsClient s_jobs;
        private static ConfigTable s_config;
        private static DevicePowerSettings s_power;
        private static bool s_reportPending;
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

            // Sensing: pins from the board constants (Configuration.SetPinFunction inside NanoI2cDevice).
            NanoI2cDevice adcDevice = new NanoI2cDevice(board.Adc.Address);
            NanoI2cDevice envDevice = new NanoI2cDevice(board.EnvSensor.Address);
            MeasurementCycle cycle = new MeasurementCycle(board, adcDevice, envDevice, clock);

            // Store-and-forward: one region file holds the outbox ring and the seq reservation.
            int outboxBytes = ReadingOutbox.RegionBytesFor(OutboxRecords);
            FlashFile.EnsureDirectory(DevicePaths.DataDir);
            FlashFile.Delete(DevicePaths.LegacyOutboxFile);
            SegmentedRegionFile region = new SegmentedRegionFile(DevicePaths.OutboxBase, outboxBytes + SequenceCounter.RegionBytes);
            ReadingOutbox outbox = new ReadingOutbox(region, 0, outboxBytes);
            outbox.Recover();
            SequenceCounter seq = new SequenceCounter(region, outboxBytes, SeqBlock);
            seq.Start(outbox.NewestSeq);

            DeviceIdentity id = new DeviceIdentity(identity.ThingName, identity.Site, FirmwareVersion);
            s_topics = new Topics(identity.ThingName, identity.Site);
            X509Certificate ca = new X509Certificate(identity.CaPem);
            M2MqttTransport transport = new M2MqttTransport(identity.BrokerHost, identity.BrokerPort, ca,
                new X509Certificate2(identity.CertificatePem, identity.PrivateKeyPem, null));
            SessionSettings sessionSettings = new SessionSettings();
            sessionSettings.RandomSeed = Seed(identity.ThingName);
            sessionSettings.MaxInFlight = 20;       // RAM: M2Mqtt keeps every unacknowledged message
            sessionSettings.InboundSlotBytes = 4096;
            SessionManager session = new SessionManager(transport, clock, s_topics, outbox,
                new TelemetryReadingEncoder(new TelemetryEncoder(id)), sessionSettings);

            s_loop = new FirmwareLoop(board, device, cycle, seq, session, outbox, s_topics, id, clock, new ConsoleLogSink());
            ConsoleInterpreter interpreter = new ConsoleInterpreter(s_loop, s_config, new SelfTest(board, adcDevice, envDevice, clock), control);

            s_shadowTable = new ShadowSettingsTable(s_config, s_power);
            s_shadow = new ShadowAgent(s_shadowTable, FirmwareVersion);

            OtaDownload download = new OtaDownload(new HttpsImageDownloader(ca, DownloadTimeoutMs), images, clock, new byte[2048]);
            JobRunner runner = new JobRunner(ota, download, control, ApplyConfigJob);
            s_jobs = new JobsClient(transport, s_topics, clock, new JobDocumentValidator(FirmwareVersion, images.SlotCapacity),
                new FileJobStateStore(), runner, 4096);
            s_jobs.SubscribeOnConnect = false; // the session subscribes to Topics.Subscriptions (jobs topics included)
            session.InboundMessage += OnInbound;

            s_loopLock = new object();
            new Thread(new ConsoleCommands(console, interpreter, s_loopLock, identity, ota, settings, control).Run).Start();

            byte[] reportBuffer = new byte[2048];
            JsonWriter reportWriter = new JsonWriter();
            SessionState before = SessionState.WaitingForClock;
            long onlineSince = -1;
            long ackedSeen = 0;

            lock (s_loopLock)
            {
                s_loop.Start();
            }

            while (true)
            {
                watchdog.Kick();
                long sleepMs;
                lock (s_loopLock)
                {
                    s_loop.Tick();
                    SessionState state = session.State;
                    if (state == SessionState.Online && before != SessionState.Online)
                    {
                        onlineSince = clock.UptimeMilliseconds;
                        s_jobs.OnConnected();
                        s_reportPending = true;
                    }

                    before = state;
                    if (session.Counters.ReadingsAcked != ackedSeen)
                    {
                        ackedSeen = session.Counters.ReadingsAcked;
                        runner.OnPublishAcknowledged();
                    }

                    s_jobs.Poll();
                    runner.Poll();
                    if (s_shadowTable.Changed)
                    {
                        s_shadowTable.Changed = false;
                        s_loop.ApplySettings();
                        settings.Save();
                    }

                    if (s_reportPending && state == SessionState.Online)
                    {
                        reportWriter.Reset(reportBuffer, 0, reportBuffer.Length);
                        if (!s_shadow.WriteReported(reportWriter, session.Counters, outbox.Dropped)
                            || session.PublishControl(s_topics.ShadowUpdate, reportBuffer, 0, reportWriter.Length))
                        {
                            s_reportPending = false;
                        }
                    }

                    StatusReport.Show(led, LedCode(state, cycle.LastAdcStatus));
                    if (ReadyToSleep(state, onlineSince, clock.UptimeMilliseconds, outbox, session, ota))
                    {
                        watchdog.Stop();
                        region.Flush();
                        transport.Disconnect();
                        BatchSleep.Enter(s_power.DeepSleepSeconds);
                    }

                    sleepMs = s_loop.MillisecondsUntilDue;
                }

                Thread.Sleep(sleepMs > LoopSleepMaxMs ? LoopSleepMaxMs : (int)sleepMs + 1);
            }
        }

        /// <summary>Own-thing messages from the session (main loop thread, under the loop lock).</summary>
        private static void OnInbound(string topic, byte[] payload, int offset, int count)
        {
            if (Topics.Same(topic, s_topics.ShadowUpdateDelta))
            {
                ShadowDeltaResult result = s_shadow.ApplyDelta(payload, offset, count);
                if (result != ShadowDeltaResult.Stale)
                {
                    s_reportPending = true;
                }

                if (result == ShadowDeltaResult.Rejected)
                {
                    s_loop.Log.Warn("shadow delta rejected: " + ShadowAgent.ReasonName(s_shadow.Rejection));
                }

                return;
            }

            if (topic.StartsWith(s_topics.JobsPrefix))
            {
                s_jobs.HandleMessage(topic, payload, offset, count);
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

            s_loop.ApplySettings();
            s_shadowTable.Changed = true; // persisted by the loop
            s_reportPending = true;
            return skipped == 0 ? null : "config: " + skipped.ToString() + " entries refused (unknown name or out of range)";
        }

        private static bool ReadyToSleep(SessionState state, long onlineSince, long now, ReadingOutbox outbox, SessionManager session, OtaStateMachine ota)
        {
            return s_power.DeepSleepSeconds > 0
                && state == SessionState.Online
                && onlineSince >= 0 && now - onlineSince >= AwakeAfterOnlineMs
                && s_loop.SamplesTaken > 0
                && outbox.Count == 0 && session.InFlight == 0 && !s_loop.AlarmMessagePending && !s_reportPending
                && s_loop.AlarmLevelNow == AlarmLevel.None
                && ota.State == OtaState.Idle && s_jobs.State != JobsClientState.Running;
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
    }
}
