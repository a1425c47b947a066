using Methane.Firmware.Core.App;
using Methane.Firmware.Core.CommandConsole;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;
using Methane.Firmware.Emulation.Boards;
using Methane.Firmware.Emulation.Scenarios;
using Methane.Firmware.Emulation.Time;
using Methane.Firmware.Core.Jobs;
using Methane.Firmware.Core.Ota;
using Methane.Firmware.Host.Adapters.Ota;
using Methane.Firmware.Host.Adapters.Storage;

namespace Methane.Firmware.Host.Simulation;

/// <summary>
/// One simulated device: a <see cref="VirtualBoard"/> driven by a scenario, its persistent storage (outbox + seq, survives
/// power cuts and reboots), and, while powered, the real core firmware (FirmwareLoop + session + console) on it.
/// </summary>
public sealed class VirtualDevice : IDeviceControl, IDeviceRestart, ILogSink, IDisposable
{
    public const string FirmwareVersion = "1.0.0";
    private const int OutboxRecords = 2048;

    private readonly string _boardFile;
    private readonly Func<string, IMqttTransport> _transportFactory;
    private readonly int? _sampleInterval;
    private readonly int? _publishInterval;
    private readonly int? _healthInterval;
    private MemoryOutboxStorage _storage;
    private BoardConfig _config;
    private DeviceSettings _settings = new();
    private SwitchableTransport? _transport;
    private bool _rebootRequested;
    private bool _factoryReset;
    private readonly string? _otaFolder;
    private readonly IImageDownloader? _downloader;
    /// <summary>Image slots 256 KB each: room for the host images an OTA job delivers.</summary>
    private const long SlotCapacity = 256 * 1024;

    /// <param name="otaFolder">Where this board keeps its image slots and OTA/job records (null: no jobs, no OTA).</param>
    /// <param name="downloader">How it fetches images (required with <paramref name="otaFolder"/>).</param>
    /// <param name="sampleIntervalSeconds">This board's sample interval, over the scenario's (a met station reports once a minute beside 5 s gas readings).</param>
    public VirtualDevice(int index, string thing, string site, string boardFile, Scenario scenario, VirtualClock clock,
        Func<string, IMqttTransport> transportFactory, string? otaFolder = null, IImageDownloader? downloader = null,
        int? publishIntervalSeconds = null, int? healthIntervalSeconds = null, int? sampleIntervalSeconds = null)
    {
        _publishInterval = publishIntervalSeconds;
        _healthInterval = healthIntervalSeconds;
        if (otaFolder != null && downloader == null) throw new ArgumentNullException(nameof(downloader), "OTA needs a downloader");
        _otaFolder = otaFolder;
        _downloader = downloader;
        Index = index;
        Thing = thing;
        Site = site;
        _boardFile = boardFile;
        _transportFactory = transportFactory;
        _sampleInterval = sampleIntervalSeconds ?? scenario.SampleIntervalSeconds;
        _config = BoardLoader.LoadFile(boardFile);
        Board = new VirtualBoard(BoardLoader.LoadFile(boardFile), clock, noiseSeed: index + 1);
        Player = new ScenarioPlayer(scenario, index);
        _storage = NewStorage();
        ResetSettings();
    }

    public int Index { get; }
    public string Thing { get; }
    public string Site { get; }
    public VirtualBoard Board { get; }
    public ScenarioPlayer Player { get; }
    public bool Powered => Loop != null;
    public FirmwareLoop? Loop { get; private set; }
    /// <summary>The core as wired for this boot (null while powered off).</summary>
    public FirmwareComposition? Firmware { get; private set; }
    public ConsoleInterpreter? Console { get; private set; }
    public int Boots { get; private set; }
    /// <summary>The firmware version this boot runs (the factory version, or what an OTA job installed).</summary>
    public string RunningVersion { get; private set; } = FirmwareVersion;

    /// <summary>Every seq this device ever generated (the basis of loss counting).</summary>
    public List<long> SeqsTaken { get; } = new();

    /// <summary>Samples taken up to the scenario's last second (the drain after it keeps the board running, and sampling).</summary>
    public int TakenInScenario { get; private set; } = -1;

    public void MarkScenarioEnd() => TakenInScenario = SeqsTaken.Count;

    // Counters summed over boots (the firmware's own counters restart with each boot).
    public long AlarmsRaised => _raised + (Loop?.AlarmsRaised ?? 0);
    public long AlarmsCleared => _cleared + (Loop?.AlarmsCleared ?? 0);
    public long Reconnects => _reconnects + (Loop?.Session.Counters.Reconnects ?? 0);
    private long _raised, _cleared, _reconnects;

    public event Action<VirtualDevice, string>? LogLine;
    public event Action<VirtualDevice, Reading>? ReadingTaken;

    /// <summary>Powers the board up: a fresh firmware instance over the persisted storage and settings.</summary>
    public void Boot()
    {
        if (Powered) return;
        Boots++;
        var clock = new BootClock(Board.Clock);
        // The boot loader's decision first: which image slot (and so which version) this boot runs.
        HostOtaBoot? boot = _otaFolder == null ? null : HostOtaBoot.Boot(_otaFolder, clock, FirmwareVersion, SlotCapacity);
        RunningVersion = boot?.RunningVersion ?? FirmwareVersion;
        _transport = new SwitchableTransport(_transportFactory(Thing));
        var platform = new FirmwarePlatform
        {
            Transport = _transport,
            Clock = clock,
            Identity = new DeviceIdentity(Thing, Site, RunningVersion),
            Log = this,
            Session = new SessionSettings
            {
                RandomSeed = (uint)(Index * 2654435761u + 1),
                BackoffBaseMs = 1000,
                BackoffCapMs = 30_000,
                KeepAliveSeconds = 60,
            },
            Board = _config,
            Settings = _settings,
            Adc = Board.Bus.GetDevice(_config.Adc.Address),
            EnvSensor = Board.Bus.GetDevice(_config.EnvSensor.Address),
            PulseCounter = Board.Anemometer,
            SeqBlock = 64,
        };
        platform.UseRegion(_storage, OutboxRecords);
        var table = new ConfigTable(_config, _settings);
        platform.ShadowSettings = table;
        // The whole console table is the virtual board's shadow; with the ambient coefficient set its report is ~2.5 KB.
        platform.ShadowBufferBytes = 4096;
        if (boot != null)
        {
            platform.Ota = boot.Ota;
            platform.Images = boot.Images;
            platform.Downloader = _downloader;
            platform.Restart = this;
            platform.JobStates = boot.JobStates;
            platform.DownloadChunkBytes = 8192;
        }
        Firmware = new FirmwareComposition(platform);
        Loop = Firmware.Loop!;
        Loop.ReadingTaken += OnReading;
        Console = new ConsoleInterpreter(Loop, table,
            new SelfTest(_config, platform.Adc, platform.EnvSensor, clock) { Anemometer = Board.Anemometer }, this);
        Firmware.Start();
    }

    /// <summary>Power cut: the firmware stops where it is; storage keeps what was written.</summary>
    public void PowerOff()
    {
        if (Loop == null) return;
        _raised += Loop.AlarmsRaised;
        _cleared += Loop.AlarmsCleared;
        _reconnects += Loop.Session.Counters.Reconnects;
        Loop.ReadingTaken -= OnReading;
        Loop = null;
        Firmware = null;
        Console = null;
        var t = _transport;
        _transport = null;
        if (t != null)
        {
            t.Disconnect();
            t.Dispose();
        }
    }

    /// <summary>One step at scenario time <paramref name="t"/> s (board time must already be at it).</summary>
    public void Tick(double t, bool brokerReachable)
    {
        bool off = Player.PowerOffAt(t);
        if (off && Powered)
        {
            WriteLine($"[  power  ] ---- power cut ----");
            PowerOff();
        }
        else if (!off && !Powered)
        {
            Boot();
        }
        if (!Powered) return;
        _transport!.SetNetwork(brokerReachable);
        Player.Apply(Board, t);
        Firmware!.Tick();
        if (_rebootRequested)
        {
            _rebootRequested = false;
            PowerOff();
            if (_factoryReset)
            {
                _factoryReset = false;
                _storage = NewStorage();
                _config = BoardLoader.LoadFile(_boardFile);
                ResetSettings();
            }
            Boot();
        }
    }

    public bool Drained => Loop == null || (Loop.Outbox.Count == 0 && Loop.Session.InFlight == 0 && !Loop.AlarmMessagePending);

    public void Reboot() => _rebootRequested = true;

    /// <summary>Hands the firmware a shadow delta document, as AWS IoT's shadow service would (false while powered off).</summary>
    public bool DeliverShadowDelta(string json)
    {
        if (_transport is null || Firmware is null) return false;
        _transport.InjectInbound(Firmware.Topics.ShadowUpdateDelta, System.Text.Encoding.UTF8.GetBytes(json));
        return true;
    }

    /// <summary>A job asked for a restart (into a newly staged image, or a reboot job).</summary>
    public void Restart()
    {
        WriteLine("[  power  ] ---- restart requested by a job ----");
        Reboot();
    }

    public void FactoryReset()
    {
        _factoryReset = true;
        _rebootRequested = true;
    }

    public void WriteLine(string line) => LogLine?.Invoke(this, line);

    public void Dispose()
    {
        PowerOff();
        (_downloader as IDisposable)?.Dispose();
    }

    private void OnReading(Reading r)
    {
        SeqsTaken.Add(r.Seq);
        ReadingTaken?.Invoke(this, r);
    }

    private void ResetSettings()
    {
        _settings = new DeviceSettings();
        if (_sampleInterval is int s) _settings.SampleIntervalSeconds = s;
        if (_publishInterval is int p) _settings.PublishIntervalSeconds = p;
        if (_healthInterval is int h) _settings.HealthIntervalSeconds = h;
    }

    private static MemoryOutboxStorage NewStorage() => new(FirmwarePlatform.RegionBytes(OutboxRecords));
}
