using Methane.Firmware.Core.Sensing;
using Xunit;

namespace Methane.Firmware.Core.Tests.Sensing;

public sealed class FilterTests
{
    [Fact]
    public void Median_of_1_100_2_is_2()
    {
        var median = new MedianFilter(15, 3);
        Assert.Equal(1.0, median.Add(1));
        Assert.Equal(50.5, median.Add(100));   // two samples held: (1 + 100) / 2
        Assert.Equal(2.0, median.Add(2));      // sorted 1, 2, 100
        Assert.Equal(3.0, median.Add(3));      // window 100, 2, 3 → sorted 2, 3, 100
        Assert.Equal(3.0, median.Add(4));      // window 2, 3, 4
        Assert.Equal(3, median.Count);
    }

    [Fact]
    public void Median_of_5_rejects_two_spikes_in_a_row()
    {
        var median = new MedianFilter(15, 5);
        double last = 0;
        foreach (var v in new double[] { 10, 10, 10, 500, 900, 10 }) { last = median.Add(v); }
        Assert.Equal(10.0, last);   // window 10, 10, 500, 900, 10 → sorted 10, 10, 10, 500, 900
    }

    [Fact]
    public void Median_window_is_bounded_by_the_buffer_and_reset_by_a_change()
    {
        var median = new MedianFilter(5, 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => median.Window = 6);
        Assert.Throws<ArgumentOutOfRangeException>(() => median.Window = 0);
        median.Add(7);
        median.Window = 1;
        Assert.Equal(0, median.Count);
        Assert.Equal(9.0, median.Add(9));
        Assert.Equal(4.0, median.Add(4));
    }

    [Fact]
    public void Ema_steps()
    {
        var ema = new EmaFilter(0.5);
        Assert.False(ema.HasValue);
        Assert.Equal(10.0, ema.Add(10));   // first sample initialises
        Assert.Equal(15.0, ema.Add(20));   // 10 + 0.5·(20 − 10)
        Assert.Equal(17.5, ema.Add(20));   // 15 + 0.5·(20 − 15)
        Assert.Equal(8.75, ema.Add(0));    // 17.5 + 0.5·(0 − 17.5)
        ema.Reset();
        Assert.Equal(3.0, ema.Add(3));
    }

    [Fact]
    public void Ema_with_alpha_0_2()
    {
        var ema = new EmaFilter(0.2);
        ema.Add(100);
        Assert.Equal(80.0, ema.Add(0), 12);    // 100 + 0.2·(0 − 100)
        Assert.Equal(64.0, ema.Add(0), 12);    // 80 − 16
    }

    [Fact]
    public void Stuck_value_fires_on_the_Nth_identical_sample()
    {
        var stuck = new StuckValueDetector(3);
        Assert.False(stuck.Add(12345));
        Assert.False(stuck.Add(12345));
        Assert.True(stuck.Add(12345));     // third identical value
        Assert.True(stuck.Add(12345));     // still stuck
        Assert.False(stuck.Add(12346));    // one LSB of change ends the run
        Assert.False(stuck.Add(12346));
        Assert.True(stuck.Add(12346));
        stuck.Reset();
        Assert.False(stuck.Add(12346));
    }

    [Fact]
    public void Stuck_value_detector_disabled_with_zero()
    {
        var stuck = new StuckValueDetector(0);
        for (int i = 0; i < 100; i++) { Assert.False(stuck.Add(7)); }
        Assert.Equal(100, stuck.Run);
    }

    [Fact]
    public void Warm_up_flags_the_first_150_seconds_after_boot_and_after_a_restart()
    {
        var timer = new WarmUpTimer(SensingFixtures.Sensing());
        Assert.True(timer.IsWarmingUp(0));
        Assert.True(timer.IsWarmingUp(149_999));
        Assert.Equal(1, timer.RemainingMilliseconds(149_999));
        Assert.False(timer.IsWarmingUp(150_000));   // 150 s · 1000
        timer.Restart(200_000);
        Assert.True(timer.IsWarmingUp(349_999));
        Assert.False(timer.IsWarmingUp(350_000));
        Assert.Equal(0, timer.RemainingMilliseconds(400_000));
    }
}
