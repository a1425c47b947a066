using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Wind;
using Xunit;

namespace Methane.Firmware.Core.Tests.Wind;

public sealed class WindStatisticsTests
{
    private static WindSettings Davis() => new()
    {
        PulsePin = 25, MphPerHz = 2.25, MaxSpeedMs = 89, VaneChannel = 1, VaneExcitationVolts = 3.3, VaneOffsetDeg = 0,
        SampleMilliseconds = 1000, CalmSpeedMs = 0.5,
    };

    [Fact]
    public void Davis_transfer_function_is_2_25_mph_per_pulse_per_second()
    {
        // 30 pulses in 10 s = 3 Hz -> 3 * 2.25 = 6.75 mph = 6.75 * 0.44704 m/s (spec sheet: 1600 rev/h = 1 mph).
        Assert.Equal(6.75 * 0.44704, Davis6410.SpeedMs(30, 10_000, 2.25), 12);
        // 1600 revolutions in an hour is 1 mph.
        Assert.Equal(0.44704, Davis6410.SpeedMs(1600, 3_600_000, 2.25), 12);
        Assert.True(double.IsNaN(Davis6410.SpeedMs(5, 0, 2.25)));
        Assert.Equal(90, Davis6410.DirectionDeg(0.825, 3.3, 0), 9);
        Assert.Equal(10, Davis6410.DirectionDeg(0, 3.3, 10), 9);
        Assert.Equal(5, Davis6410.DirectionDeg(3.3 * 355 / 360, 3.3, 10), 9); // wraps past north
    }

    [Fact]
    public void Directions_either_side_of_north_average_to_north_with_Yamartino_sigma()
    {
        var s = new WindStatistics();
        for (int i = 0; i < 30; i++)
        {
            s.Add(2, 1000, 2.25, true, true, i % 2 == 0 ? 350 : 10, 1000 + i, 1.0);
        }
        var r = new Reading();
        s.WriteTo(r, Davis(), 30);
        // Unit vectors of 350 and 10: mean sin 0, mean cos cos(10°); eps = sin(10°), so
        // sigma = 10° * (1 + (2/sqrt(3) - 1) * sin^3(10°)) by Yamartino's formula (hand-computed: 10.00810°).
        Assert.Equal(0, r.WindDirectionDeg, 9);
        double eps = Math.Sin(10 * Math.PI / 180);
        Assert.Equal(10 * (1 + (2 / Math.Sqrt(3) - 1) * eps * eps * eps), r.WindSigmaThetaDeg, 9);
        Assert.Equal(10.0081, r.WindSigmaThetaDeg, 3);
        Assert.Equal(2 * 2.25 * 0.44704, r.WindSpeedMs, 12);
        Assert.Equal(0, r.WindFlags);
        Assert.Equal(30, r.WindSamples);
        Assert.Equal(60, r.WindPulses);
    }

    [Fact]
    public void Gust_is_the_highest_three_sample_mean()
    {
        var s = new WindStatistics();
        int[] pulses = [2, 2, 2, 8, 8, 8, 2, 2, 10, 2];
        foreach (int p in pulses) s.Add(p, 1000, 2.25, true, true, 180, 100 + p, 1.65);
        var r = new Reading();
        s.WriteTo(r, Davis(), pulses.Length);
        Assert.Equal(8 * 2.25 * 0.44704, r.WindGustMs, 12); // 8,8,8 beats 2,2,10
        Assert.Equal(46 / 10.0 * 2.25 * 0.44704, r.WindSpeedMs, 12);
        Assert.Equal(180, r.WindDirectionDeg, 9);
    }

    [Fact]
    public void Faults_become_flags_and_null_direction()
    {
        var settings = Davis();
        // Stuck vane: one ADC code for the whole interval in 4 m/s wind.
        var s = new WindStatistics();
        for (int i = 0; i < 60; i++) s.Add(9, 1000, 2.25, true, true, 123, 9000, 1.13);
        var r = new Reading();
        s.WriteTo(r, settings, 60);
        Assert.Equal(WindFlags.VaneStuck, r.WindFlags);
        Assert.True(double.IsNaN(r.WindDirectionDeg));

        // No pulses: calm too, direction undefined.
        s.Reset();
        for (int i = 0; i < 60; i++) s.Add(0, 1000, 2.25, true, true, i * 5, 100 * i, 0.1);
        s.WriteTo(r, settings, 60);
        Assert.Equal(WindFlags.NoPulses | WindFlags.Calm, r.WindFlags);
        Assert.True(double.IsNaN(r.WindDirectionDeg));
        Assert.Equal(0, r.WindSpeedMs);

        // Out-of-range vane voltage on half the samples: dropped, flagged, and the interval is incomplete.
        s.Reset();
        for (int i = 0; i < 60; i++) s.Add(5, 1000, 2.25, true, i % 2 == 0, i % 2 == 0 ? 90 + (i % 7) : double.NaN, 5000 + i, i % 2 == 0 ? 0.83 : 4.0);
        s.WriteTo(r, settings, 60);
        Assert.Equal(WindFlags.VaneOutOfRange | WindFlags.Incomplete, r.WindFlags);
        Assert.Equal(30, r.WindSamples);
        Assert.False(double.IsNaN(r.WindDirectionDeg));

        // The ADC not answering.
        s.Reset();
        for (int i = 0; i < 10; i++) s.Add(5, 1000, 2.25, false, false, double.NaN, 0, double.NaN);
        s.WriteTo(r, settings, 10);
        Assert.Equal(WindFlags.VaneFault | WindFlags.Incomplete, r.WindFlags);
        Assert.True(double.IsNaN(r.VaneVolts));
    }

    [Fact]
    public void Sigma_theta_matches_the_standard_deviation_for_narrow_spreads()
    {
        // Yamartino's estimator is built to equal the ordinary standard deviation for small spreads: Gaussian directions
        // with sigma 8° around 300° give about 8°.
        var random = new Random(3);
        var s = new WindStatistics();
        var angles = new List<double>();
        for (int i = 0; i < 5000; i++)
        {
            double g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            double a = 300 + 8 * g;
            angles.Add(a);
            s.Add(4, 1000, 2.25, true, true, Trig.Normalize(a), i, 1.0);
        }
        var r = new Reading();
        s.WriteTo(r, Davis(), 5000);
        double mean = angles.Average();
        double sd = Math.Sqrt(angles.Sum(a => (a - mean) * (a - mean)) / angles.Count);
        Assert.Equal(sd, r.WindSigmaThetaDeg, 0.15);
        Assert.Equal(mean, r.WindDirectionDeg, 0.3);
    }
}
