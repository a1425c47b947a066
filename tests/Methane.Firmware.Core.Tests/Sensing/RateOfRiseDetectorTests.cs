using Methane.Firmware.Core.Sensing;
using Xunit;

namespace Methane.Firmware.Core.Tests.Sensing;

public sealed class RateOfRiseDetectorTests
{
    // Fixture: 1000 ppm/min over a 60 s window; needs ≥ 3 samples spanning ≥ 30 s.

    [Fact]
    public void Fires_at_1200_ppm_per_minute_once_half_the_window_is_covered()
    {
        var detector = new RateOfRiseDetector(SensingFixtures.Alarm());
        // +200 ppm every 10 s = 1200 ppm/min
        var fired = Enumerable.Range(0, 6).Select(i => detector.Add(i * 10_000L, 500 + 200 * i)).ToArray();
        Assert.Equal(new[] { false, false, false, true, true, true }, fired);   // span 0, 10, 20 s: too short; 30 s: enough
        Assert.Equal(1200.0, detector.SlopePpmPerMinute, 6);
    }

    [Fact]
    public void Does_not_fire_at_900_ppm_per_minute()
    {
        var detector = new RateOfRiseDetector(SensingFixtures.Alarm());
        // +150 ppm every 10 s = 900 ppm/min
        for (int i = 0; i < 20; i++) { Assert.False(detector.Add(i * 10_000L, 500 + 150 * i)); }
        Assert.Equal(900.0, detector.SlopePpmPerMinute, 6);
    }

    [Fact]
    public void Only_the_window_counts()
    {
        var detector = new RateOfRiseDetector(SensingFixtures.Alarm());
        for (int i = 0; i <= 6; i++) { detector.Add(i * 10_000L, 1000 * i); }      // 6000 ppm/min ramp until 60 s
        Assert.True(detector.Add(70_000, 6000));
        // Flat from 60 s on: at 130 s the window [70 s, 130 s] holds only the plateau → slope 0.
        bool last = true;
        for (long t = 80_000; t <= 130_000; t += 10_000) { last = detector.Add(t, 6000); }
        Assert.False(last);
        Assert.Equal(0.0, detector.SlopePpmPerMinute, 9);
    }

    [Fact]
    public void Least_squares_slope_of_noisy_points()
    {
        var detector = new RateOfRiseDetector(SensingFixtures.Alarm());
        // Points (minutes, ppm): (0, 0), (0.5, 700), (1, 1000). x̄ = 0.5, ȳ = 566.67;
        // slope = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)² = (−0.5·−566.67 + 0 + 0.5·433.33) / 0.5 = 500 / 0.5 = 1000 ppm/min
        detector.Add(0, 0);
        detector.Add(30_000, 700);
        Assert.True(detector.Add(60_000, 1000));
        Assert.Equal(1000.0, detector.SlopePpmPerMinute, 9);
    }

    [Fact]
    public void Zero_threshold_disables_and_time_going_back_restarts()
    {
        var settings = SensingFixtures.Alarm();
        settings.RateOfRisePpmPerMinute = 0;
        var detector = new RateOfRiseDetector(settings);
        for (int i = 0; i < 10; i++) { Assert.False(detector.Add(i * 10_000L, 5000 * i)); }
        Assert.Equal(30000.0, detector.SlopePpmPerMinute, 6);   // computed, never fired
        detector.Add(5_000, 0);                                  // uptime went backwards: history dropped
        Assert.True(double.IsNaN(detector.SlopePpmPerMinute));
    }

    [Fact]
    public void More_samples_than_capacity_use_the_newest()
    {
        var detector = new RateOfRiseDetector(SensingFixtures.Alarm());
        // 1 sample per 0.5 s for 60 s = 121 samples > 64: the fit covers the newest 64 (31.5 s ≥ 30 s span), slope 1200.
        bool fired = false;
        for (int i = 0; i <= 120; i++) { fired = detector.Add(i * 500L, 10.0 * i); }   // +10 ppm per 0.5 s = 1200 ppm/min
        Assert.True(fired);
        Assert.Equal(1200.0, detector.SlopePpmPerMinute, 6);
    }
}
