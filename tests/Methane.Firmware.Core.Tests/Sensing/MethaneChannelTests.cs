using Methane.Firmware.Core.Sensing;
using Xunit;

namespace Methane.Firmware.Core.Tests.Sensing;

/// <summary>Bad input never becomes a valid reading (issue 2 item 7), and the chain's numbers, through the whole channel.</summary>
public sealed class MethaneChannelTests
{
    private const long AfterWarmUp = 200_000;   // fixture warm-up 150 s

    private static MethaneChannel NewChannel() => new(SensingFixtures.Calibration(), SensingFixtures.Filter(),
        SensingFixtures.Alarm(), SensingFixtures.Sensing());

    private static Reading Env(double t, double rh)
    {
        var r = new Reading();
        r.HasEnvironment = true; r.TemperatureC = t; r.RelativeHumidityPct = rh;
        return r;
    }

    [Fact]
    public void During_warm_up_the_value_is_computed_but_flagged_and_not_valid()
    {
        var channel = NewChannel();
        var r = new Reading();
        channel.Process(1_000, true, 8000, 1.0, false, r);
        Assert.True(r.HasMethane);
        Assert.Equal(312.5, r.Ch4Ppm, 9);   // Rs 40 kΩ, ratio 4, 5000·4^−2
        Assert.Equal(ReadingFlags.WarmingUp | ReadingFlags.Uncompensated, r.Flags);
        Assert.False(r.IsValid);
        Assert.Equal(AlarmLevel.None, r.Alarm);
    }

    [Fact]
    public void After_warm_up_with_environment_at_reference_the_reading_is_valid()
    {
        var channel = NewChannel();
        var r = Env(20, 65);
        channel.Process(AfterWarmUp, true, 8000, 1.0, false, r);
        Assert.Equal(ReadingFlags.None, r.Flags);
        Assert.True(r.IsValid);
        Assert.Equal(312.5, r.Ch4Ppm, 9);
        Assert.Equal(0.625, r.LelPct, 12);
        Assert.True(r.HasRaw);
        Assert.Equal(8000, r.AdcRaw);
        Assert.Equal(40000.0, r.RsOhms, 9);
        Assert.Equal(4.0, r.RsR0, 12);
    }

    [Fact]
    public void Nack_is_a_sensor_fault_without_raw_or_methane()
    {
        var channel = NewChannel();
        var r = Env(20, 65);
        channel.Process(AfterWarmUp, false, 0, 0, false, r);
        Assert.Equal(ReadingFlags.SensorFault, r.Flags);
        Assert.False(r.HasRaw);
        Assert.False(r.HasMethane);
        Assert.False(r.IsValid);
    }

    [Theory]
    [InlineData(1.0, true)]     // ADC raw at full scale
    [InlineData(5.0, false)]    // Vout = Vc
    [InlineData(0.0, false)]    // Vout = 0
    public void Saturation_is_flagged_and_gives_no_methane(double volts, bool atFullScale)
    {
        var channel = NewChannel();
        var r = Env(20, 65);
        channel.Process(AfterWarmUp, true, 32767, volts, atFullScale, r);
        Assert.True((r.Flags & ReadingFlags.Saturated) != 0);
        Assert.False(r.HasMethane);
        Assert.False(r.IsValid);
    }

    [Fact]
    public void Over_range_high_counts_towards_the_high_alarm_with_confirmation()
    {
        // A huge leak drives Vout to Vc and the ADC to +full scale: no ppm, but the fixture's 3-sample confirmation raises High.
        var channel = NewChannel();
        var levels = new List<int>();
        for (int i = 0; i < 3; i++)
        {
            var r = Env(20, 65);
            channel.Process(AfterWarmUp + i * 1000, true, 32767, 4.096, true, r);
            Assert.False(r.HasMethane);
            Assert.Equal(ReadingFlags.Saturated, r.Flags);   // pinned full scale is not reported as a stuck converter
            levels.Add(r.Alarm);
        }
        Assert.Equal(new[] { AlarmLevel.None, AlarmLevel.None, AlarmLevel.High }, levels);
    }

    [Fact]
    public void Open_circuit_under_range_never_raises_an_alarm()
    {
        var channel = NewChannel();
        for (int i = 0; i < 5; i++)
        {
            var r = Env(20, 65);
            channel.Process(AfterWarmUp + i * 1000, true, i, 0.0, false, r);   // Vout = 0: sensor open, not gas
            Assert.True((r.Flags & ReadingFlags.Saturated) != 0);
            Assert.Equal(AlarmLevel.None, r.Alarm);
        }
    }

    [Fact]
    public void Stuck_raw_value_over_three_samples_is_flagged()
    {
        var channel = NewChannel();
        var r = Env(20, 65);
        for (int i = 0; i < 2; i++)
        {
            r.Flags = 0;
            channel.Process(AfterWarmUp + i * 1000, true, 8000, 1.0, false, r);
            Assert.True(r.IsValid);
        }
        r.Flags = 0;
        channel.Process(AfterWarmUp + 2000, true, 8000, 1.0, false, r);
        Assert.Equal(ReadingFlags.StuckValue, r.Flags);
        Assert.False(r.HasMethane);
    }

    [Fact]
    public void Implausible_environment_is_flagged_and_not_used()
    {
        var channel = NewChannel();
        var r = Env(60, 65);   // above the fixture's 40 °C
        channel.Process(AfterWarmUp, true, 8000, 1.0, false, r);
        Assert.Equal(ReadingFlags.EnvOutOfRange | ReadingFlags.Uncompensated, r.Flags);
        Assert.True(r.IsValid);               // methane is still valid, only uncompensated
        Assert.Equal(312.5, r.Ch4Ppm, 9);     // K = 1
    }

    [Fact]
    public void Compensation_and_filters_in_the_chain()
    {
        var channel = NewChannel();
        var r = Env(30, 75);
        channel.Process(AfterWarmUp, true, 1, 1.0, false, r);
        Assert.Equal(242.0, r.Ch4Ppm, 9);     // K = 0.88 → 5000·(0.88/4)^2
        r = new Reading();
        channel.Process(AfterWarmUp + 1000, true, 2, 1.0, false, r);    // no environment: 312.5 uncompensated
        // median of [242, 312.5] = 277.25; EMA: 242 + 0.5·(277.25 − 242) = 259.625
        Assert.Equal(259.625, r.Ch4Ppm, 9);
    }

    [Fact]
    public void Ten_percent_LEL_raises_low_alarm_on_the_third_sample_and_warm_up_inhibits()
    {
        var channel = NewChannel();
        // Vout 2.5 V: Rs = 10 kΩ·2.5/2.5 = 10 kΩ = R0 → ppm = 5000 = 10 %LEL (= the low threshold)
        var levels = new List<int>();
        for (int i = 0; i < 3; i++)
        {
            var r = Env(20, 65);
            channel.Process(AfterWarmUp + i * 1000, true, 20000 + i, 2.5, false, r);
            Assert.Equal(10.0, r.LelPct, 9);
            levels.Add(r.Alarm);
        }
        Assert.Equal(new[] { AlarmLevel.None, AlarmLevel.None, AlarmLevel.Low }, levels);

        channel.WarmUp.Restart(AfterWarmUp + 5000);
        var w = Env(20, 65);
        channel.Process(AfterWarmUp + 6000, true, 20010, 2.5, false, w);
        Assert.Equal(AlarmLevel.None, w.Alarm);
        Assert.True((w.Flags & ReadingFlags.WarmingUp) != 0);
    }

    [Fact]
    public void Steady_state_cycles_allocate_nothing()
    {
        var channel = NewChannel();
        var r = new Reading();
        void Cycle(int i)
        {
            r.Clear();
            r.HasEnvironment = (i & 3) != 0;
            r.TemperatureC = 15 + (i % 30);
            r.RelativeHumidityPct = 40 + (i % 50);
            bool answered = i % 97 != 0;
            channel.Process(AfterWarmUp + i * 1000L, answered, 8000 + (i % 7), 0.8 + 0.001 * (i % 200), i % 89 == 0, r);
        }
        for (int i = 0; i < 1000; i++) { Cycle(i); }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1000; i < 21000; i++) { Cycle(i); }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}
