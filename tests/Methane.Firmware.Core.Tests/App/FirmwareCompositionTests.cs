using Methane.Firmware.Core.App;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Tests.Connectivity;
using Methane.Firmware.Emulation.Boards;
using Methane.Firmware.Emulation.Bus;
using Methane.Firmware.Emulation.Chips;
using Methane.Firmware.Emulation.Time;
using Methane.Firmware.Host.Adapters.Storage;
using Xunit;

namespace Methane.Firmware.Core.Tests.App;

/// <summary>
/// The one wiring of the core (<see cref="FirmwareComposition"/>) on the shipped DevKitC board file with emulated chips at
/// 20 °C / 65 %RH and a fake broker: seq resumes after the newest stored reading, and the deep-sleep rule.
/// </summary>
public sealed class FirmwareCompositionTests
{
    private const long Epoch = 1_764_000_000_000;
    private const int Records = 64;
    private const int DeepSleepSeconds = 300;
    private const long AwakeMs = 20_000;

    private sealed class Rig : ILogSink
    {
        public readonly BoardConfig Board = BoardLoader.LoadFile(Path.Combine(TestPaths.RepositoryRoot, "boards", "esp32-devkitc-tgs2611.json"));
        public readonly VirtualClock Clock = new();
        public readonly VirtualI2cBus Bus = new();
        public readonly Ads1115Emulator Adc;
        public readonly FakeMqttTransport Transport;
        public readonly FirmwareComposition Firmware;

        public Rig(MemoryOutboxStorage storage, bool brokerUp = true)
        {
            Adc = new Ads1115Emulator(Clock);
            Bus.Attach(Board.Adc.Address, Adc);
            Bus.Attach(Board.EnvSensor.Address, new Sht4xEmulator(Clock) { TemperatureCelsius = 20, RelativeHumidityPercent = 65 });
            Clock.SetWallClock(Epoch);
            SetRs(Board.Calibration.R0Ohms * Board.Calibration.CleanAirRsR0);
            Transport = new FakeMqttTransport(Clock)
            {
                AutoAck = true,
                DefaultConnectResult = brokerUp ? MqttTransportStatus.Ok : MqttTransportStatus.NetworkError,
            };
            var platform = new FirmwarePlatform
            {
                Transport = Transport,
                Clock = Clock,
                Identity = new Methane.Firmware.Core.Telemetry.DeviceIdentity("dev-1", "site-a", "1.2.3"),
                Log = this,
                Board = Board,
                Settings = new DeviceSettings { SampleIntervalSeconds = 5, HealthIntervalSeconds = 60, PublishIntervalSeconds = 0 },
                Adc = Bus.GetDevice(Board.Adc.Address),
                EnvSensor = Bus.GetDevice(Board.EnvSensor.Address),
                SeqBlock = 16,
            };
            platform.UseRegion(storage, Records);
            platform.ShadowSettings = new Methane.Firmware.Core.CommandConsole.ConfigTable(Board, platform.Settings);
            Firmware = new FirmwareComposition(platform);
            Firmware.Start();
        }

        /// <summary>Vout = Vc·RL/(RL+Rs), seen by the ADC through the divider.</summary>
        public void SetRs(double rsOhms)
        {
            var cal = Board.Calibration;
            Adc.SetInputVolts(Board.Adc.Channel, cal.CircuitVolts * cal.LoadResistorOhms / (cal.LoadResistorOhms + rsOhms) / cal.DividerRatio);
        }

        /// <summary>Ticks every 100 ms of virtual time up to uptime <paramref name="ms"/>, then once more.</summary>
        public void RunUntil(long ms)
        {
            while (Clock.UptimeMilliseconds < ms)
            {
                Firmware.Tick();
                Clock.AdvanceMilliseconds(100);
            }
            Firmware.Tick();
        }

        public bool Ready => Firmware.ReadyToSleep(DeepSleepSeconds, AwakeMs);

        public string Why() => $"state {Firmware.Session.State} since {Firmware.OnlineSinceMs} now {Clock.UptimeMilliseconds}, " +
            $"outbox {Firmware.Outbox.Count}, in flight {Firmware.Session.InFlight}, alarm msg {Firmware.Loop!.AlarmMessagePending}, " +
            $"report {Firmware.Loop.ShadowReportPending}, alarm {Firmware.Loop.AlarmLevelNow}, samples {Firmware.Loop.SamplesTaken}";

        public void WriteLine(string line)
        {
        }
    }

    private static MemoryOutboxStorage NewStorage() => new(FirmwarePlatform.RegionBytes(Records));

    [Fact]
    public void After_a_reboot_seq_continues_right_after_the_newest_stored_reading()
    {
        var storage = NewStorage();
        var offline = new Rig(storage, brokerUp: false);
        offline.RunUntil(10_000);
        // Samples at 0, 5 and 10 s took seqs 0, 1, 2, all stored (no broker); the reservation mark on flash is 16.
        Assert.Equal(3, offline.Firmware.Outbox.Count);
        Assert.Equal(16, offline.Firmware.Sequence.ReservedUpTo);

        var rebooted = new Rig(storage);
        Assert.Equal(3, rebooted.Firmware.Sequence.Peek); // not 16: the gap would look like 13 lost readings
    }

    [Fact]
    public void A_device_sleeps_only_after_staying_awake_online_with_everything_acknowledged()
    {
        var rig = new Rig(NewStorage());
        Assert.False(rig.Ready);                         // not online yet
        rig.RunUntil(12_000);
        long online = rig.Firmware.OnlineSinceMs;
        Assert.InRange(online, 0, 99);                   // online on the first tick (the fake broker answers at once)
        Assert.Equal(0, rig.Firmware.Outbox.Count);      // every reading acknowledged at once
        Assert.False(rig.Ready);                         // only 12 s of the 20 s awake window
        rig.RunUntil(online + AwakeMs - 1_000);
        Assert.False(rig.Ready, rig.Why());
        // (The sample due at 20 s is published on that tick and acknowledged on the next: look a second later.)
        rig.RunUntil(online + AwakeMs + 1_000);
        Assert.True(rig.Ready, rig.Why());
        Assert.False(rig.Firmware.ReadyToSleep(0, AwakeMs));   // deep sleep off: never
    }

    [Fact]
    public void A_reading_not_yet_acknowledged_keeps_the_device_awake()
    {
        var rig = new Rig(NewStorage());
        rig.RunUntil(20_100);
        Assert.True(rig.Ready, rig.Why());
        rig.Transport.AutoAck = false;
        rig.RunUntil(25_000);                            // the 25 s sample is published, its PUBACK has not come
        Assert.Equal(1, rig.Firmware.Outbox.Count);
        Assert.False(rig.Ready);
        rig.Transport.AckAll();
        rig.RunUntil(25_100);
        Assert.Equal(0, rig.Firmware.Outbox.Count);
        Assert.True(rig.Ready);
    }

    [Fact]
    public void A_raised_alarm_keeps_the_device_awake()
    {
        var rig = new Rig(NewStorage());
        // Past the 150 s heater warm-up (alarms inhibited before), in clean air: ready.
        rig.RunUntil(162_000);
        Assert.True(rig.Ready, rig.Why());
        // 20,000 ppm = 40 %LEL, above the 20 %LEL high threshold; confirmed after 3 samples (from 165 s on).
        var cal = rig.Board.Calibration;
        rig.SetRs(cal.R0Ohms * Math.Pow(20_000 / cal.CurveA, 1.0 / cal.CurveB));
        rig.RunUntil(202_000);
        Assert.NotEqual(AlarmLevel.None, rig.Firmware.Loop!.AlarmLevelNow);
        Assert.Equal(0, rig.Firmware.Outbox.Count);
        Assert.False(rig.Ready);
    }
}
