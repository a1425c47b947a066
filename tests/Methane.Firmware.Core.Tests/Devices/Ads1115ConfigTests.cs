using Methane.Firmware.Core.Devices.Ads1115;
using Xunit;

namespace Methane.Firmware.Core.Tests.Devices;

/// <summary>Config-register composition and tables against the ADS111x datasheet (register map, PGA and DR tables).</summary>
public sealed class Ads1115ConfigTests
{
    [Fact]
    public void Single_shot_AIN0_4V096_128SPS_comparator_off_is_0xC383()
    {
        // Datasheet bits: OS=1, MUX=100 (AIN0/GND), PGA=001 (±4.096), MODE=1, DR=100 (128), COMP_*=0, COMP_QUE=11
        // → 1 100 001 1 | 100 0 0 0 11 = 0xC3 0x83 (also the DESIGN.md figure).
        ushort config = ConfigRegister.Compose(true, InputMultiplexer.AIN0, MeasuringRange.FS4096, DeviceMode.PowerDown,
            DataRate.SPS128, ComparatorMode.Traditional, ComparatorPolarity.ActiveLow, ComparatorLatching.NonLatching, ComparatorQueue.Disable);
        Assert.Equal(0xC383, config);
    }

    [Fact]
    public void Reset_settings_compose_to_the_datasheet_reset_value_0x8583()
    {
        // Reset: OS=1 (reads idle), MUX=000, PGA=010, MODE=1, DR=100, COMP_QUE=11 → 0x8583.
        ushort config = ConfigRegister.Compose(true, InputMultiplexer.AIN0_AIN1, MeasuringRange.FS2048, DeviceMode.PowerDown,
            DataRate.SPS128, ComparatorMode.Traditional, ComparatorPolarity.ActiveLow, ComparatorLatching.NonLatching, ComparatorQueue.Disable);
        Assert.Equal(0x8583, config);
        Assert.Equal(0x8583, ConfigRegister.ResetValue);
    }

    [Theory]
    // 1 111 000 1 | 111 0 0 0 11 = 0xF1E3 : AIN3/GND, ±6.144 V, 860 SPS
    [InlineData(InputMultiplexer.AIN3, MeasuringRange.FS6144, DataRate.SPS860, 0xF1E3)]
    // 1 101 101 1 | 000 0 0 0 11 = 0xDB03 : AIN1/GND, ±0.256 V, 8 SPS
    [InlineData(InputMultiplexer.AIN1, MeasuringRange.FS0256, DataRate.SPS008, 0xDB03)]
    // 1 011 011 1 | 101 0 0 0 11 = 0xB7A3 : AIN2-AIN3, ±1.024 V, 250 SPS
    [InlineData(InputMultiplexer.AIN2_AIN3, MeasuringRange.FS1024, DataRate.SPS250, 0xB7A3)]
    public void Field_positions_follow_the_register_map(InputMultiplexer mux, MeasuringRange range, DataRate rate, int expected)
    {
        ushort config = ConfigRegister.Compose(true, mux, range, DeviceMode.PowerDown, rate,
            ComparatorMode.Traditional, ComparatorPolarity.ActiveLow, ComparatorLatching.NonLatching, ComparatorQueue.Disable);
        Assert.Equal(expected, config);
    }

    [Fact]
    public void Comparator_bits_are_4_3_2_and_1_0()
    {
        // COMP_MODE=1 (bit 4), COMP_POL=1 (bit 3), COMP_LAT=1 (bit 2), COMP_QUE=00, everything else 0 → 0x001C.
        ushort config = ConfigRegister.Compose(false, InputMultiplexer.AIN0_AIN1, MeasuringRange.FS6144, DeviceMode.Continuous,
            DataRate.SPS008, ComparatorMode.Window, ComparatorPolarity.ActiveHigh, ComparatorLatching.Latching, ComparatorQueue.AssertAfterOne);
        Assert.Equal(0x001C, config);
    }

    [Fact]
    public void Os_bit_reads_idle_when_set()
    {
        Assert.True(ConfigRegister.IsIdle(0xC383));
        Assert.False(ConfigRegister.IsIdle(0x4383));
    }

    [Theory]
    [InlineData(DataRate.SPS008, 8)]
    [InlineData(DataRate.SPS016, 16)]
    [InlineData(DataRate.SPS032, 32)]
    [InlineData(DataRate.SPS064, 64)]
    [InlineData(DataRate.SPS128, 128)]
    [InlineData(DataRate.SPS250, 250)]
    [InlineData(DataRate.SPS475, 475)]
    [InlineData(DataRate.SPS860, 860)]
    public void Data_rate_table(DataRate rate, int sps) => Assert.Equal(sps, Ads1115Timing.SamplesPerSecond(rate));

    [Theory]
    // wait = ceil(1 / (0.9·DR)) ms + 1 ms: 8 SPS → ceil(138.9)+1 = 140; 128 SPS → ceil(8.68)+1 = 10; 860 SPS → ceil(1.29)+1 = 3
    [InlineData(DataRate.SPS008, 140)]
    [InlineData(DataRate.SPS128, 10)]
    [InlineData(DataRate.SPS860, 3)]
    public void Conversion_wait_covers_the_data_rate_tolerance(DataRate rate, int waitMs) =>
        Assert.Equal(waitMs, Ads1115Timing.ConversionWaitMilliseconds(rate));

    [Theory]
    // LSB = FSR / 32768: ±4.096 V → 125 µV, so raw 8000 = 1.000 V
    [InlineData(MeasuringRange.FS4096, 8000, 1.0)]
    // ±6.144 V → 187.5 µV: raw 1000 = 0.1875 V
    [InlineData(MeasuringRange.FS6144, 1000, 0.1875)]
    // ±0.256 V → 7.8125 µV: raw 128 = 0.001 V
    [InlineData(MeasuringRange.FS0256, 128, 0.001)]
    // ±2.048 V → 62.5 µV: raw -16000 = -1.000 V
    [InlineData(MeasuringRange.FS2048, -16000, -1.0)]
    // positive full scale 0x7FFF at ±4.096 V = 32767 · 125 µV = 4.095875 V
    [InlineData(MeasuringRange.FS4096, 32767, 4.095875)]
    // negative full scale 0x8000 at ±4.096 V = -32768 · 125 µV = -4.096 V
    [InlineData(MeasuringRange.FS4096, -32768, -4.096)]
    public void Raw_to_volts(MeasuringRange range, int raw, double volts) =>
        Assert.Equal(volts, Ads1115.ToVolts((short)raw, range), 12);

    [Theory]
    [InlineData(0x7FFF, true)]
    [InlineData(-0x8000, true)]
    [InlineData(0x7FFE, false)]
    [InlineData(-0x7FFF, false)]
    [InlineData(0, false)]
    public void Saturation_is_exactly_the_full_scale_codes(int raw, bool saturated) =>
        Assert.Equal(saturated, Ads1115.IsSaturated((short)raw));
}
