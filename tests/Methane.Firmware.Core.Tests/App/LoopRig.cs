using Methane.Firmware.Core.App;
using Methane.Firmware.Core.CommandConsole;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;
using Methane.Firmware.Core.Tests.Connectivity;
using Methane.Firmware.Emulation.Boards;
using Methane.Firmware.Emulation.Bus;
using Methane.Firmware.Emulation.Chips;
using Methane.Firmware.Emulation.Time;
using Methane.Firmware.Host.Adapters.Storage;

namespace Methane.Firmware.Core.Tests.App;

/// <summary>
/// The whole firmware on the shipped ESP32 DevKitC board file (RL 10 kΩ, Vc 5 V, divider 2, R0 2200 Ω, b = −2.1507,
/// clean-air Rs/R0 5, alarms 10/20 %LEL confirmed over 3 samples, warm-up 150 s), emulated chips at 20 °C / 65 %RH
/// (compensation factor 1), a fake broker that acknowledges every publish at once.
/// </summary>
internal sealed class LoopRig : IDeviceControl, ILogSink
{
    public const long Epoch = 1_764_000_000_000;   // 2025-11-24T16:00:00Z

    public readonly BoardConfig Board = BoardLoader.LoadFile(Path.Combine(TestPaths.RepositoryRoot, "boards", "esp32-devkitc-tgs2611.json"));
    // Publish interval 0: these tests follow each reading on the wire; the batching interval has its own tests.
    public readonly DeviceSettings Settings = new() { SampleIntervalSeconds = 5, HealthIntervalSeconds = 60, PublishIntervalSeconds = 0 };
    public readonly VirtualClock Clock = new();
    public readonly VirtualI2cBus Bus = new();
    public readonly Ads1115Emulator Adc;
    public readonly Sht4xEmulator Env;
    public readonly FakeMqttTransport Transport;
    public readonly ReadingOutbox Outbox;
    public readonly SessionManager Session;
    public readonly FirmwareLoop Loop;
    public readonly ConsoleInterpreter Console;
    public readonly List<string> Log = new();
    public int Reboots;
    public int FactoryResets;

    public readonly ConfigTable Table;

    public LoopRig(bool wallClock = true, bool shadow = false)
    {
        Adc = new Ads1115Emulator(Clock);
        Env = new Sht4xEmulator(Clock) { TemperatureCelsius = 20, RelativeHumidityPercent = 65 };
        Bus.Attach(Board.Adc.Address, Adc);
        Bus.Attach(Board.EnvSensor.Address, Env);
        if (wallClock) Clock.SetWallClock(Epoch);
        SetSensorResistance(Board.Calibration.R0Ohms * Board.Calibration.CleanAirRsR0);

        var storage = new MemoryOutboxStorage(ReadingOutbox.RegionBytesFor(64) + SequenceCounter.RegionBytes);
        Outbox = new ReadingOutbox(storage, 0, ReadingOutbox.RegionBytesFor(64));
        Outbox.Recover();
        var seq = new SequenceCounter(storage, ReadingOutbox.RegionBytesFor(64), 16);
        seq.Start();
        Transport = new FakeMqttTransport(Clock) { AutoAck = true };
        var identity = new DeviceIdentity("dev-1", "site-a", "1.2.3");
        var topics = new Topics("dev-1", "site-a");
        Session = new SessionManager(Transport, Clock, topics, Outbox, new Encoder(new TelemetryEncoder(identity)), new SessionSettings());
        var cycle = new MeasurementCycle(Board, Bus.GetDevice(Board.Adc.Address), Bus.GetDevice(Board.EnvSensor.Address), Clock);
        Loop = new FirmwareLoop(Board, Settings, cycle, seq, Session, Outbox, topics, identity, Clock, this);
        Table = new ConfigTable(Board, Settings);
        if (shadow) Loop.EnableShadow(new Methane.Firmware.Core.Shadow.ShadowAgent(Table, "1.2.3"));
        Console = new ConsoleInterpreter(Loop, Table,
            new SelfTest(Board, Bus.GetDevice(Board.Adc.Address), Bus.GetDevice(Board.EnvSensor.Address), Clock), this);
    }

    /// <summary>Vout = Vc·RL/(RL+Rs), seen by the ADC through the divider.</summary>
    public void SetSensorResistance(double rsOhms)
    {
        var cal = Board.Calibration;
        double vout = cal.CircuitVolts * cal.LoadResistorOhms / (cal.LoadResistorOhms + rsOhms);
        Adc.SetInputVolts(Board.Adc.Channel, vout / cal.DividerRatio);
    }

    /// <summary>Rs for a methane concentration at the reference conditions: Rs = R0·(ppm/a)^(1/b).</summary>
    public double RsForPpm(double ppm) =>
        Board.Calibration.R0Ohms * Math.Pow(ppm / Board.Calibration.CurveA, 1.0 / Board.Calibration.CurveB);

    /// <summary>Ticks the loop every 100 ms of virtual time for <paramref name="ms"/>.</summary>
    public void Run(long ms)
    {
        for (long t = 0; t < ms; t += 100)
        {
            Loop.Tick();
            Clock.AdvanceMilliseconds(100);
        }
        Loop.Tick();
    }

    public IEnumerable<FakeMqttTransport.PublishCall> On(string suffix) =>
        Transport.Publishes.Where(p => p.Topic.EndsWith(suffix, StringComparison.Ordinal));

    public void Reboot() => Reboots++;
    public void FactoryReset() => FactoryResets++;
    public void WriteLine(string line) => Log.Add(line);

    private sealed class Encoder(TelemetryEncoder encoder) : IReadingEncoder
    {
        public int Encode(Reading reading, byte[] buffer, int offset, int capacity) => encoder.Encode(reading, buffer, offset, capacity);
    }
}
