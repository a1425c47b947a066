using Methane.Firmware.Core.Bus;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Emulation.Boards;
using Methane.Firmware.Emulation.Bus;
using Methane.Firmware.Emulation.Chips;
using Methane.Firmware.Emulation.Time;
using Xunit;

namespace Methane.Firmware.Core.Tests.Sensing;

/// <summary>
/// The whole sensing path against the register-level emulators and the shipped ESP32 DevKitC board file
/// (RL 10 kΩ, Vc 5 V, divider 2, R0 2200 Ω, ppm = 5000·(Rs/R0)^b, LEL 50,000 ppm, warm-up 150 s, stuck after 60 samples).
/// </summary>
public sealed class MeasurementCycleTests
{
    private const long Epoch = 1_764_000_000_000;   // 2025-11-24T16:00:00Z

    private sealed class Rig
    {
        public readonly BoardConfig Board = BoardLoader.LoadFile(Path.Combine(TestPaths.RepositoryRoot, "boards", "esp32-devkitc-tgs2611.json"));
        public readonly VirtualClock Clock = new();
        public readonly VirtualI2cBus Bus = new();
        public readonly Ads1115Emulator Adc;
        public readonly Sht4xEmulator Env;
        public readonly MeasurementCycle Cycle;
        public readonly Reading Reading = new();

        public Rig()
        {
            Adc = new Ads1115Emulator(Clock);
            Env = new Sht4xEmulator(Clock) { TemperatureCelsius = 20, RelativeHumidityPercent = 65 };
            Bus.Attach(Board.Adc.Address, Adc);
            Bus.Attach(Board.EnvSensor.Address, Env);
            Cycle = new MeasurementCycle(Board, Bus.GetDevice(Board.Adc.Address), Bus.GetDevice(Board.EnvSensor.Address), Clock);
            Clock.SetWallClock(Epoch);
            SetSensorResistance(Board.Calibration.R0Ohms);
        }

        /// <summary>Vout = Vc·RL/(RL+Rs), seen by the ADC through the divider.</summary>
        public void SetSensorResistance(double rsOhms)
        {
            var cal = Board.Calibration;
            double vout = cal.CircuitVolts * cal.LoadResistorOhms / (cal.LoadResistorOhms + rsOhms);
            Adc.SetInputVolts(Board.Adc.Channel, vout / cal.DividerRatio);
        }

        public Reading Sample(int count = 1)
        {
            for (int i = 0; i < count; i++)
            {
                Clock.AdvanceMilliseconds(1000);
                Cycle.Measure(Reading);
            }
            return Reading;
        }

        public Reading SampleAfterWarmUp() { Clock.AdvanceMilliseconds(151_000); return Sample(); }
    }

    [Fact]
    public void Rs_equal_to_R0_reads_5000_ppm_which_is_10_percent_LEL()
    {
        // TGS2611 definition: R0 = Rs in 5000 ppm CH4, so Rs = R0 reads 5000 ppm whatever the curve slope;
        // 5000/50000 = 10 %LEL. ADC quantisation (125 µV) and SHT4x ticks keep the error well under 0.5 %.
        var r = new Rig().SampleAfterWarmUp();
        Assert.Equal(ReadingFlags.None, r.Flags);
        Assert.True(r.IsValid);
        Assert.InRange(r.Ch4Ppm, 4975, 5025);
        Assert.InRange(r.LelPct, 9.95, 10.05);
        Assert.InRange(r.TemperatureC, 19.99, 20.01);
        Assert.InRange(r.RelativeHumidityPct, 64.99, 65.01);
        Assert.Equal(Epoch + 152_000, r.TimestampMs);
        // Vout = 5·10000/12200 = 4.0984 V; ADC sees 2.0492 V = raw 16393 at 125 µV/LSB.
        Assert.InRange(r.AdcRaw, 16392, 16394);
    }

    [Fact]
    public void Clean_air_reads_low_ppm()
    {
        // Rs = cleanAirRsR0 · R0 (5 · 2200 = 11 kΩ): ppm = 5000 · 5^b with b = ln3/ln0.6 = −2.1507 → 5000 · 0.03136 = 156.8 ppm.
        var rig = new Rig();
        rig.SetSensorResistance(rig.Board.Calibration.CleanAirRsR0 * rig.Board.Calibration.R0Ohms);
        var r = rig.SampleAfterWarmUp();
        Assert.True(r.IsValid);
        Assert.InRange(r.Ch4Ppm, 154, 160);
        Assert.Equal(AlarmLevel.None, r.Alarm);
    }

    [Fact]
    public void During_warm_up_no_reading_is_valid()
    {
        var r = new Rig().Sample();
        Assert.True((r.Flags & ReadingFlags.WarmingUp) != 0);
        Assert.False(r.IsValid);
    }

    [Fact]
    public void Absent_adc_is_a_sensor_fault_without_methane()
    {
        var rig = new Rig();
        rig.Adc.Absent = true;
        var r = rig.SampleAfterWarmUp();
        Assert.Equal(ReadingFlags.SensorFault, r.Flags);
        Assert.False(r.HasRaw);
        Assert.False(r.HasMethane);
        Assert.False(r.IsValid);
    }

    [Fact]
    public void Adc_bus_error_is_a_sensor_fault()
    {
        var rig = new Rig();
        rig.Adc.InjectTransferFault(I2cStatus.BusError);
        var r = rig.SampleAfterWarmUp();
        Assert.True((r.Flags & ReadingFlags.SensorFault) != 0);
        Assert.False(r.IsValid);
    }

    [Fact]
    public void Corrupted_sht4x_crc_drops_temperature_and_humidity_and_uncompensates()
    {
        var rig = new Rig();
        rig.Env.CorruptCrc();
        var r = rig.SampleAfterWarmUp();
        Assert.Equal(ReadingFlags.CrcError | ReadingFlags.Uncompensated, r.Flags);
        Assert.False(r.HasEnvironment);
        Assert.True(r.HasMethane);   // methane still measured, just not compensated: the flag says so
    }

    [Fact]
    public void Absent_sht4x_is_an_environment_fault()
    {
        var rig = new Rig();
        rig.Env.Absent = true;
        var r = rig.SampleAfterWarmUp();
        Assert.Equal(ReadingFlags.EnvSensorFault | ReadingFlags.Uncompensated, r.Flags);
        Assert.False(r.HasEnvironment);
    }

    [Fact]
    public void Implausible_temperature_is_reported_but_not_used_for_compensation()
    {
        var rig = new Rig();
        rig.Env.TemperatureCelsius = 60;   // board plausible range −10..40 °C
        var r = rig.SampleAfterWarmUp();
        Assert.Equal(ReadingFlags.EnvOutOfRange | ReadingFlags.Uncompensated, r.Flags);
        Assert.True(r.HasEnvironment);
        Assert.InRange(r.TemperatureC, 59.99, 60.01);
    }

    [Fact]
    public void Saturated_adc_gives_no_methane()
    {
        var rig = new Rig();
        rig.Adc.ForcedSaturation = AdcSaturation.Low;
        var r = rig.SampleAfterWarmUp();
        Assert.True((r.Flags & ReadingFlags.Saturated) != 0);
        Assert.False(r.HasMethane);
        Assert.False(r.IsValid);
    }

    [Fact]
    public void Frozen_converter_is_flagged_stuck_on_the_60th_identical_sample()
    {
        var rig = new Rig();
        double vout = rig.Board.Calibration.CircuitVolts * 10000 / (10000 + 2200) / rig.Board.Calibration.DividerRatio;
        int tick = 0;
        // A live converter dithers by a few LSB; 125 µV steps alternate so no two consecutive raws are equal.
        rig.Adc.SetInputSource(rig.Board.Adc.Channel, () => vout + ((tick++ & 1) == 0 ? 0 : 0.0005));
        rig.Clock.AdvanceMilliseconds(151_000);
        Assert.Equal(0, rig.Sample(100).Flags & ReadingFlags.StuckValue);

        rig.Adc.StuckOutput = true;   // the last conversion result is repeated from now on: run length 1 + frozen samples
        Assert.Equal(0, rig.Sample(58).Flags & ReadingFlags.StuckValue);
        var r = rig.Sample();
        Assert.Equal(ReadingFlags.StuckValue, r.Flags & ReadingFlags.StuckValue);
        Assert.False(r.IsValid);
    }

    [Fact]
    public void Without_wall_clock_the_timestamp_is_uptime_and_flagged()
    {
        var rig = new Rig();
        rig.Clock.UnsetWallClock();
        rig.Clock.AdvanceMilliseconds(151_000);
        long uptimeAtSample = rig.Clock.UptimeMilliseconds + 1000;   // Sample() advances 1 s, then measures
        var r = rig.Sample();
        Assert.True((r.Flags & ReadingFlags.ClockUnsynced) != 0);
        Assert.Equal(uptimeAtSample, r.TimestampMs);
    }

    [Fact]
    public void Steady_state_cycle_allocates_nothing()
    {
        var rig = new Rig();
        rig.SampleAfterWarmUp();
        rig.Sample(10);
        long before = GC.GetAllocatedBytesForCurrentThread();
        rig.Sample(1000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
