using Methane.Firmware.Core.App;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;
using Methane.Firmware.Emulation.Boards;
using Methane.Firmware.Emulation.Scenarios;
using Methane.Firmware.Emulation.Time;
using Methane.Firmware.Host.Adapters.Mqtt;
using Methane.Firmware.Host.Adapters.Storage;

namespace Methane.Firmware.Host.Fleet;

/// <summary>
/// One simulated device: the real core (<see cref="FirmwareLoop"/> with its measurement cycle, sequence counter, outbox and
/// session) on its own <see cref="VirtualBoard"/> (ADS1115 + SHT4x emulators on a virtual I2C bus) played by its own
/// <see cref="ScenarioPlayer"/> (the scenario's air, leaks, drift and chip faults, varied per device index),
/// with its own certificate, publishing through <see cref="MqttNetTransport"/>. Not thread-safe: the scheduler guarantees
/// that one thread at a time ticks it.
/// </summary>
public sealed class FleetDevice : ILogSink, IDisposable
{
    private const int OutboxRecords = 64;

    public FleetDevice(int index, string thing, string site, BoardConfig board, int sampleIntervalSeconds, int healthIntervalSeconds,
        Scenario scenario, MqttNetTransportOptions transportOptions, string firmwareVersion)
    {
        Index = index;
        Thing = thing;
        Site = site;
        // The board's physics keeps its own copy of the calibration; the firmware gets the board file's settings.
        Board = new VirtualBoard(board, new VirtualClock());
        Player = new ScenarioPlayer(scenario, index);
        Clock = new FleetDeviceClock(Board.Clock);

        Transport = new MqttNetTransport(transportOptions);
        var platform = new FirmwarePlatform
        {
            Transport = Transport,
            Clock = Clock,
            Identity = new DeviceIdentity(thing, site, firmwareVersion),
            Log = this,
            Session = new SessionSettings
            {
                // Device-specific jitter, so a fleet that loses its broker does not come back in step.
                RandomSeed = (uint)(index * 2654435761u) | 1u,
                // A fleet device receives no shadow or job traffic here; small inbound slots keep 10,000 devices lean.
                InboundSlots = 2,
                InboundSlotBytes = 1024,
            },
            Board = board,
            // Publish interval 0: the fleet measures end-to-end latency per reading, so each goes out as it is taken.
            Settings = new DeviceSettings { SampleIntervalSeconds = sampleIntervalSeconds, HealthIntervalSeconds = healthIntervalSeconds, PublishIntervalSeconds = 0 },
            Adc = Board.Bus.GetDevice(board.Adc.Address),
            EnvSensor = Board.Bus.GetDevice(board.EnvSensor.Address),
            SeqBlock = 16,
        };
        platform.UseRegion(new MemoryOutboxStorage(FirmwarePlatform.RegionBytes(OutboxRecords)), OutboxRecords);
        var firmware = new FirmwareComposition(platform);
        Session = firmware.Session;
        Loop = firmware.Loop!;
        Loop.ReadingTaken += OnReading;
    }

    public int Index { get; }
    public string Thing { get; }
    public string Site { get; }
    public VirtualBoard Board { get; }
    public ScenarioPlayer Player { get; }
    public FleetDeviceClock Clock { get; }
    public MqttNetTransport Transport { get; }
    public SessionManager Session { get; }
    public FirmwareLoop Loop { get; }

    /// <summary>First and last seq this device assigned (-1 before its first sample).</summary>
    public long FirstSeq { get; private set; } = -1;
    public long LastSeq { get; private set; } = -1;

    /// <summary>Real ms (<see cref="FleetDeviceClock.RealMilliseconds"/>) of the first tick and of the first time online; -1 before.</summary>
    public long StartedAtMs { get; private set; } = -1;
    public long OnlineAtMs { get; private set; } = -1;

    public int Warnings { get; private set; }
    public string LastLogLine { get; private set; } = "";

    public bool IsOnline => Session.State == SessionState.Online;

    // Scheduler bookkeeping (owned by the scheduler).
    internal long DueAtMs;
    internal int HomeThread;

    /// <summary>One turn of the device's main loop; with <paramref name="sampling"/> false only the session runs (draining).</summary>
    public void Tick(bool sampling)
    {
        if (StartedAtMs < 0) StartedAtMs = FleetDeviceClock.RealMilliseconds;
        Clock.CatchUp();
        if (sampling)
        {
            // The air only matters when the firmware is about to measure it.
            if (Loop.MillisecondsUntilDue == 0) Player.Apply(Board, Clock.UptimeMilliseconds / 1000.0);
            Loop.Tick();
        }
        else Session.Tick();
        if (OnlineAtMs < 0 && Session.State == SessionState.Online) OnlineAtMs = FleetDeviceClock.RealMilliseconds;
    }

    /// <summary>Milliseconds until this device wants its next tick.</summary>
    public long MillisecondsUntilNextTick(bool sampling)
    {
        long wait;
        switch (Session.State)
        {
            case SessionState.Online:
                // Waiting for PUBACKs (they release outbox records) or with a backlog: look again soon; otherwise once a second
                // (health messages, dropped connections).
                wait = Session.InFlight > 0 || Session.Unsent > 0 || Loop.AlarmMessagePending ? 100 : 1000;
                break;
            case SessionState.BackingOff:
                wait = Math.Clamp(Session.NextConnectAtMs - Clock.UptimeMilliseconds, 0, 1000);
                break;
            default:
                wait = 0;
                break;
        }
        if (sampling) wait = Math.Min(wait, Loop.MillisecondsUntilDue);
        return wait;
    }

    /// <summary>True when the next tick may open a connection (TLS handshake + CONNECT + SUBSCRIBEs, blocking).</summary>
    public bool MayConnectOnNextTick =>
        Session.State switch
        {
            SessionState.Online => false,
            SessionState.BackingOff => CaughtUpUptime() >= Session.NextConnectAtMs,
            _ => true,
        };

    private long CaughtUpUptime()
    {
        Clock.CatchUp();
        return Clock.UptimeMilliseconds;
    }

    public void WriteLine(string line)
    {
        // The firmware's serial log: kept short here (10,000 devices); warnings and errors are counted.
        if (line.Contains("] " + FirmwareLog.WarnLevel, StringComparison.Ordinal) || line.Contains("] " + FirmwareLog.ErrorLevel, StringComparison.Ordinal))
        {
            Warnings++;
        }
        LastLogLine = line;
    }

    public void Dispose()
    {
        Transport.Dispose();
    }

    private void OnReading(Reading reading)
    {
        if (FirstSeq < 0) FirstSeq = reading.Seq;
        LastSeq = reading.Seq;
    }

}
