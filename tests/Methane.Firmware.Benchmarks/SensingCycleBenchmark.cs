using BenchmarkDotNet.Attributes;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;
using Methane.Firmware.Emulation.Boards;
using Methane.Firmware.Emulation.Bus;
using Methane.Firmware.Emulation.Chips;
using Methane.Firmware.Emulation.Time;

namespace Methane.Firmware.Benchmarks;

/// <summary>
/// Issue 2 item 9: one steady-state cycle — read both chips through the emulated I2C bus (virtual clock, so the chips'
/// conversion waits cost nothing), run the filter chain, encode one telemetry message. Target: 0 B allocated per op.
/// </summary>
[MemoryDiagnoser]
[InProcess]
public class SensingCycleBenchmark
{
    private MeasurementCycle _cycle = null!;
    private VirtualClock _clock = null!;
    private readonly Reading _reading = new();
    private TelemetryEncoder _encoder = null!;
    private readonly byte[] _message = new byte[TelemetryEncoder.MaxEncodedLength];
    private long _seq;

    [GlobalSetup]
    public void Setup()
    {
        BoardConfig board = BoardLoader.LoadFile(Path.Combine(RepositoryRoot(), "boards", "esp32-devkitc-tgs2611.json"));
        _clock = new VirtualClock();
        _clock.SetWallClock(1_764_000_000_000);
        var bus = new VirtualI2cBus();
        var adc = new Ads1115Emulator(_clock);
        int tick = 0;
        adc.SetInputSource(board.Adc.Channel, () => 1.2 + 0.0005 * (tick++ % 7));   // a dithering clean-air signal
        bus.Attach(board.Adc.Address, adc);
        bus.Attach(board.EnvSensor.Address, new Sht4xEmulator(_clock) { TemperatureCelsius = 18.5, RelativeHumidityPercent = 55 });
        _cycle = new MeasurementCycle(board, bus.GetDevice(board.Adc.Address), bus.GetDevice(board.EnvSensor.Address), _clock);
        _encoder = new TelemetryEncoder(new DeviceIdentity("bench-device-0001", "site-a", "1.0.0"));
        _clock.AdvanceMilliseconds(board.Sensing.WarmUpSeconds * 1000L + 1000);
        for (int i = 0; i < 100; i++) { Cycle(); }
    }

    [Benchmark]
    public int Cycle()
    {
        _clock.AdvanceMilliseconds(1000);
        _cycle.Measure(_reading);
        _reading.Seq = ++_seq;
        return _encoder.Encode(_reading, _message, 0, _message.Length);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Firmware.sln"))) { return dir.FullName; }
        }
        throw new InvalidOperationException("Firmware.sln not found above " + AppContext.BaseDirectory);
    }
}
