using System;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Jobs;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Ota;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Shadow;
using Methane.Firmware.Core.Telemetry;
using Methane.Firmware.Core.Wind;

namespace Methane.Firmware.Core.App
{
    /// <summary>
    /// The one wiring of the core, used by every runtime: the outbox is recovered, the seq resumes right after the newest
    /// stored reading, the session drains the outbox, the shadow and the jobs client speak through the session (its rate and
    /// in-flight limits), the first acknowledged publish of a boot confirms a trial OTA image, and <see cref="ReadyToSleep"/>
    /// says when a battery device may deep-sleep. With sensing parts it also builds the main loop (<see cref="Loop"/>);
    /// without them the caller makes its readings and hands them to <see cref="Enqueue"/>.
    /// Call <see cref="Start"/> once, then <see cref="Tick"/> every loop turn.
    /// </summary>
    public sealed class FirmwareComposition
    {
        private readonly FirmwarePlatform _platform;
        private long _onlineSince = -1;

        public FirmwareComposition(FirmwarePlatform platform)
        {
            if (platform == null) throw new ArgumentNullException("platform");
            if (platform.Storage == null) throw new ArgumentNullException("platform.Storage");
            if (platform.Transport == null) throw new ArgumentNullException("platform.Transport");
            if (platform.Clock == null) throw new ArgumentNullException("platform.Clock");
            if (platform.Identity == null) throw new ArgumentNullException("platform.Identity");
            _platform = platform;

            Outbox = new ReadingOutbox(platform.Storage, platform.OutboxOffset, ReadingOutbox.RegionBytesFor(platform.OutboxRecords));
            Outbox.Recover();
            Sequence = new SequenceCounter(platform.Storage, platform.SeqOffset, platform.SeqBlock);
            // No seq gap after a reboot: continue right after the newest reading the outbox still holds.
            Sequence.Start(Outbox.NewestSeq);

            DeviceIdentity id = platform.Identity;
            Topics = new Topics(id.ThingName, id.SiteId);
            IReadingEncoder encoder = platform.Encoder != null ? platform.Encoder : new TelemetryReadingEncoder(new TelemetryEncoder(id), platform.Settings);
            Session = new SessionManager(platform.Transport, platform.Clock, Topics, Outbox, encoder,
                platform.Session != null ? platform.Session : new SessionSettings());

            if (platform.Board != null)
            {
                if (platform.Settings == null || platform.Adc == null || platform.EnvSensor == null)
                {
                    throw new ArgumentException("sensing needs Board, Settings, Adc and EnvSensor together", "platform");
                }
                if (platform.Board.IsMetStation)
                {
                    if (platform.PulseCounter == null) throw new ArgumentException("a met-station board needs PulseCounter", "platform");
                    Met = new MetCycle(platform.Board, platform.Adc, platform.EnvSensor, platform.PulseCounter, platform.Clock);
                }
                else
                {
                    Cycle = new MeasurementCycle(platform.Board, platform.Adc, platform.EnvSensor, platform.Clock);
                }
                Loop = new FirmwareLoop(platform.Board, platform.Settings, Cycle, Met, Sequence, Session, Outbox, Topics, id,
                    platform.Clock, platform.Log);
            }

            if (platform.ShadowSettings != null)
            {
                Shadow = new ShadowSync(Session, Topics, new ShadowAgent(platform.ShadowSettings, id.FirmwareVersion), Outbox,
                    platform.ShadowBufferBytes);
                if (Loop != null) Loop.EnableShadow(Shadow);
            }

            if (platform.Ota != null)
            {
                if (platform.Images == null || platform.Downloader == null || platform.Restart == null || platform.JobStates == null)
                {
                    throw new ArgumentException("jobs need Ota, Images, Downloader, Restart and JobStates together", "platform");
                }
                Ota = platform.Ota;
                Download = new OtaDownload(platform.Downloader, platform.Images, platform.Clock, new byte[platform.DownloadChunkBytes]);
                JobRunner runner = new JobRunner(platform.Ota, Download, platform.Restart, platform.ConfigJob);
                Jobs = new SessionJobs(Session, Topics, platform.Clock,
                    new JobDocumentValidator(id.FirmwareVersion, platform.Images.SlotCapacity), platform.JobStates, runner,
                    platform.JobDocumentBytes);
            }
        }

        public ReadingOutbox Outbox { get; private set; }
        public SequenceCounter Sequence { get; private set; }
        public Topics Topics { get; private set; }
        public SessionManager Session { get; private set; }
        /// <summary>Null without sensing parts, and on a met station.</summary>
        public MeasurementCycle Cycle { get; private set; }
        /// <summary>The met-station cycle (board role met), else null.</summary>
        public MetCycle Met { get; private set; }
        /// <summary>The main loop (sampling, alarms, health), or null without sensing parts.</summary>
        public FirmwareLoop Loop { get; private set; }
        /// <summary>Null without a shadow settings table.</summary>
        public ShadowSync Shadow { get; private set; }
        /// <summary>Null without jobs parts.</summary>
        public SessionJobs Jobs { get; private set; }
        public OtaStateMachine Ota { get; private set; }
        public OtaDownload Download { get; private set; }

        /// <summary>Logs the boot banner (with sensing) and schedules the first sample.</summary>
        public void Start()
        {
            if (Loop != null) Loop.Start();
        }

        /// <summary>One turn: sampling (with sensing), session, shadow, jobs and OTA.</summary>
        public void Tick()
        {
            if (Loop != null)
            {
                Loop.Tick(); // ticks the session and the shadow too
            }
            else
            {
                Session.Tick();
                if (Shadow != null) Shadow.Tick();
            }
            if (Jobs != null) Jobs.Tick();

            if (Session.State == SessionState.Online)
            {
                if (_onlineSince < 0) _onlineSince = _platform.Clock.UptimeMilliseconds;
            }
            else
            {
                _onlineSince = -1;
            }
        }

        /// <summary>Gives a reading made by the caller a seq and queues it (for runtimes without sensing parts).</summary>
        public long Enqueue(Reading reading)
        {
            reading.Seq = Sequence.Next();
            Session.Enqueue(reading);
            return reading.Seq;
        }

        /// <summary>Uptime at which the current connection came online, -1 while offline.</summary>
        public long OnlineSinceMs { get { return _onlineSince; } }

        /// <summary>
        /// True when a device that deep-sleeps between batches (<paramref name="deepSleepSeconds"/> &gt; 0) may sleep now: online
        /// for at least <paramref name="awakeAfterOnlineMs"/> (time for a shadow delta or a job to arrive), at least one sample
        /// taken this boot, every reading acknowledged, nothing in flight, no alarm message or reported state waiting, no alarm
        /// raised, no OTA under way and no job running.
        /// </summary>
        public bool ReadyToSleep(int deepSleepSeconds, long awakeAfterOnlineMs)
        {
            if (deepSleepSeconds <= 0 || Loop == null) return false;
            if (Session.State != SessionState.Online || _onlineSince < 0) return false;
            if (_platform.Clock.UptimeMilliseconds - _onlineSince < awakeAfterOnlineMs) return false;
            // A device that sleeps between samples does not wait for the publish interval: what it took goes out now.
            if (Outbox.Count > 0) Session.Flush();
            if (Loop.SamplesTaken == 0 || Outbox.Count > 0 || Session.InFlight > 0) return false;
            if (Loop.AlarmMessagePending || Loop.ShadowReportPending) return false;
            if (Loop.AlarmLevelNow != AlarmLevel.None) return false;
            if (Ota != null && Ota.State != OtaState.Idle) return false;
            if (Jobs != null && Jobs.Client.State == JobsClientState.Running) return false;
            return true;
        }
    }
}
