using Methane.Firmware.Core.Devices;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Emulation.Boards;
using Methane.Firmware.Emulation.Time;
using Xunit;

namespace Methane.Firmware.Core.Tests.Sensing;

/// <summary>
/// MeasurementCycle behind its two sensor interfaces, with stand-in chips (what a new ADC or T/RH chip plugs into), on the
/// shipped DevKitC board file (RL 10 kΩ, Vc 5 V, divider 2).
/// </summary>
public sealed class SensorSeamTests
{
    private sealed class FixedInput(double volts, DeviceStatus status = DeviceStatus.Ok) : IMethaneInput
    {
        public int SettingsApplied;
        public DeviceStatus Read(out short raw, out double v, out bool saturated)
        {
            raw = 1234;
            v = status == DeviceStatus.Ok ? volts : 0;
            saturated = false;
            return status;
        }
        public void ApplySettings() => SettingsApplied++;
    }

    private sealed class FixedEnvironment(DeviceStatus status) : IEnvironmentSensor
    {
        public DeviceStatus Measure(out int t, out int h, out double c, out double rh)
        {
            (t, h, c, rh) = (25000, 28000, 21.5, 45.25);
            return status;
        }
    }

    private static MeasurementCycle Cycle(IMethaneInput input, IEnvironmentSensor env, VirtualClock clock) =>
        new(BoardLoader.LoadFile(Path.Combine(TestPaths.RepositoryRoot, "boards", "esp32-devkitc-tgs2611.json")), input, env, clock);

    [Fact]
    public void Any_chip_behind_the_interfaces_feeds_the_same_sensing_path()
    {
        var clock = new VirtualClock();
        var input = new FixedInput(0.5);
        var cycle = Cycle(input, new FixedEnvironment(DeviceStatus.Ok), clock);
        var r = new Reading();
        cycle.Measure(r);
        // 0.5 V at the ADC through the 2:1 divider = 1.0 V at RL: Rs = RL·(Vc − Vout)/Vout = 10 kΩ·(5 − 1)/1 = 40 kΩ.
        Assert.Equal(40_000, r.RsOhms, 6);
        Assert.True(r.HasEnvironment);
        Assert.Equal(21.5, r.TemperatureC);
        Assert.Equal(45.25, r.RelativeHumidityPct);
        Assert.Equal(25000, r.TemperatureTicks);
        cycle.ApplySettings();
        Assert.Equal(1, input.SettingsApplied);
    }

    [Fact]
    public void Chip_faults_become_flags_whatever_the_chip()
    {
        var clock = new VirtualClock();
        var cycle = Cycle(new FixedInput(0.5, DeviceStatus.AddressNack), new FixedEnvironment(DeviceStatus.CrcError), clock);
        var r = new Reading();
        cycle.Measure(r);
        Assert.False(r.HasMethane);
        Assert.NotEqual(0, r.Flags & ReadingFlags.SensorFault);
        Assert.NotEqual(0, r.Flags & ReadingFlags.CrcError);
        Assert.False(r.HasEnvironment);
        Assert.Equal(DeviceStatus.AddressNack, cycle.LastAdcStatus);
    }
}
