using Methane.Calibration;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Wind;
using Methane.Firmware.Emulation.Boards;
using Methane.Firmware.Emulation.Time;
using Xunit;

namespace Methane.Firmware.Host.Tests.Calibration;

/// <summary>The core's met station on the emulated Davis 6410 (pulses and ADS1115 registers), against the emulated wind.</summary>
public sealed class MetStationTests
{
    private static BoardConfig Met() => BoardLoader.LoadFile(HostPaths.Board("esp32-devkitc-met-davis6410"));

    [Fact]
    public void Reports_track_the_emulated_wind()
    {
        MetAccuracyResult r = MetAccuracy.Run(Met(), 40, 60, 4);
        // Pulse quantization is 1 pulse per interval (0.017 m/s at 60 s); 1 Hz subsampling of a 10 s-correlated wind adds
        // a little more. Direction: 16-bit vane readings of the same realization.
        Assert.InRange(r.SpeedRmseMs, 0, 0.1);
        Assert.InRange(r.DirectionRmseDeg, 0, 2);
        Assert.InRange(r.SigmaRmseDeg, 0, 2);
    }

    [Fact]
    public void A_steady_westerly_reads_270_degrees_and_the_davis_speed()
    {
        // 10 mph = 4.4704 m/s: 10 / 2.25 = 4.444 rev/s; the vane swings ±5° symmetrically around 270°.
        var (reading, _) = Interval(Met(), 60, (vb, s) => vb.SetWind(4.4704, 270 + (s % 2 == 0 ? 5 : -5)));
        Assert.Equal(270, reading.WindDirectionDeg, 0.1);
        // sigma-theta of ±5°: eps = sqrt(1 - cos²5°) = sin 5°, Yamartino 5.0004°.
        Assert.Equal(5.0, reading.WindSigmaThetaDeg, 0.1);
        // 266 or 267 whole pulses in 60 s: 4.4704 m/s minus at most one pulse (0.0168 m/s).
        Assert.InRange(reading.WindSpeedMs, 4.4704 - 0.02, 4.4704 + 0.001);
        Assert.Equal(0, reading.WindFlags);

        // A vane that does not move at all in a 10 mph wind is stuck.
        (reading, _) = Interval(Met(), 60, (vb, _) => vb.SetWind(4.4704, 270));
        Assert.Equal(WindFlags.VaneStuck, reading.WindFlags);
        Assert.True(double.IsNaN(reading.WindDirectionDeg));
    }

    [Theory]
    [InlineData("noPulses", WindFlags.NoPulses | WindFlags.Calm)]
    [InlineData("vaneStuck", WindFlags.VaneStuck)]
    [InlineData("vaneOutOfRange", WindFlags.VaneOutOfRange | WindFlags.Incomplete)]
    public void Faults_are_flagged(string fault, int expected)
    {
        var random = new Random(1);
        var (reading, _) = Interval(Met(), 60, (vb, t) =>
        {
            if (t == 0)
            {
                if (fault == "noPulses") vb.Anemometer!.NoPulses = true;
                if (fault == "vaneOutOfRange") vb.Vane!.OutOfRange = true;
            }
            vb.SetWind(5, 90 + 20 * random.NextDouble());
            if (t == 0 && fault == "vaneStuck") vb.Vane!.Stuck = true;
        });
        Assert.Equal(expected, reading.WindFlags);
        Assert.True(double.IsNaN(reading.WindDirectionDeg));
    }

    private static (Reading, VirtualBoard) Interval(BoardConfig board, int seconds, Action<VirtualBoard, int> wind)
    {
        var clock = new VirtualClock();
        var vb = new VirtualBoard(board, clock);
        var met = new MetCycle(board, vb.Bus.GetDevice(board.Adc.Address), vb.Bus.GetDevice(board.EnvSensor.Address), vb.Anemometer!, clock);
        var r = new Reading();
        met.Station.Sample();
        met.Measure(r);
        for (int s = 0; s < seconds; s++)
        {
            wind(vb, s);
            clock.AdvanceMilliseconds(1000);
            met.Station.Sample();
        }
        met.Measure(r);
        return (r, vb);
    }
}
