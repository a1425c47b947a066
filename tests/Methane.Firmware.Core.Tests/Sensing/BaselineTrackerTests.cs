using Methane.Firmware.Core.Sensing;
using Xunit;

namespace Methane.Firmware.Core.Tests.Sensing;

public sealed class BaselineTrackerTests
{
    // Fixture: clean-air Rs/R0 = 5, τ = 100 s, max correction ±30 %, clean air below 1000 ppm.

    [Fact]
    public void Moves_towards_the_clean_air_ratio_with_the_time_constant()
    {
        var tracker = new BaselineTracker(SensingFixtures.Filter(), SensingFixtures.Calibration());
        Assert.Equal(1.0, tracker.Correction);
        tracker.Update(4.5, 300, 0);            // first sample only starts the clock
        Assert.Equal(1.0, tracker.Correction);
        tracker.Update(4.5, 300, 100_000);
        // target = 4.5 / 5 = 0.9; weight = 1 − e^(−100/100) = 0.63212055882855767;
        // k = 1 + 0.63212055882855767 · (0.9 − 1) = 0.93678794411714423
        Assert.Equal(0.93678794411714423, tracker.Correction, 12);
    }

    [Fact]
    public void Gas_pauses_learning_and_the_gap_is_not_credited()
    {
        var tracker = new BaselineTracker(SensingFixtures.Filter(), SensingFixtures.Calibration());
        tracker.Update(4.5, 300, 0);
        tracker.Update(1.0, 5000, 50_000);        // 5000 ppm is not clean air
        tracker.Update(4.5, 300, 1_000_000);      // clean again after a long gap: restarts the clock only
        Assert.Equal(1.0, tracker.Correction);
        tracker.Update(4.5, 300, 1_100_000);      // now 100 s of clean air count
        Assert.Equal(0.93678794411714423, tracker.Correction, 12);
    }

    [Fact]
    public void Correction_is_bounded()
    {
        var tracker = new BaselineTracker(SensingFixtures.Filter(), SensingFixtures.Calibration());
        for (int i = 0; i < 100; i++) { tracker.Update(2.5, 300, i * 100_000L); }   // target 0.5, limit 1 − 0.3
        Assert.Equal(0.7, tracker.Correction, 12);
        for (int i = 100; i < 200; i++) { tracker.Update(10.0, 300, i * 100_000L); } // target 2.0, limit 1 + 0.3
        Assert.Equal(1.3, tracker.Correction, 12);
        tracker.Restore(5.0);
        Assert.Equal(1.3, tracker.Correction, 12);
        tracker.Reset();
        Assert.Equal(1.0, tracker.Correction);
    }

    [Fact]
    public void Zero_max_correction_disables_tracking()
    {
        var filter = SensingFixtures.Filter();
        filter.BaselineMaxCorrection = 0;
        var tracker = new BaselineTracker(filter, SensingFixtures.Calibration());
        for (int i = 0; i < 10; i++) { tracker.Update(2.5, 300, i * 100_000L); }
        Assert.Equal(1.0, tracker.Correction);
    }
}
