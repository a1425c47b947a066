using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Wind;
using Methane.Firmware.Emulation.Boards;
using Methane.Firmware.Emulation.Scenarios;
using Methane.Firmware.Emulation.Time;

namespace Methane.Calibration;

/// <summary>One publish interval: what the met station reported and what the emulated wind really was.</summary>
public sealed record MetInterval(double TrueSpeedMs, double TrueDirectionDeg, double TrueSigmaDeg,
    double SpeedMs, double DirectionDeg, double SigmaDeg, int Flags);

/// <summary>The met station's errors against the emulated truth.</summary>
public sealed record MetAccuracyResult(IReadOnlyList<MetInterval> Intervals, double SpeedBiasMs, double SpeedRmseMs,
    double DirectionBiasDeg, double DirectionRmseDeg, double SigmaBiasDeg, double SigmaRmseDeg, int Calm);

/// <summary>
/// Runs the core's met station (<see cref="MetCycle"/>, register- and pulse-level emulated Davis 6410 on the
/// <see cref="VirtualBoard"/>) through turbulent winds (<see cref="TurbulentWind"/>, updated every 100 ms) and compares each
/// interval's report with the truth over the same interval: time-mean speed, unit-vector mean direction and the population
/// standard deviation of the direction around it (from the 10 Hz truth, not from the 1 Hz samples the firmware sees).
/// </summary>
public static class MetAccuracy
{
    public static MetAccuracyResult Run(BoardConfig board, int intervals, int intervalSeconds, int seed)
    {
        var clock = new VirtualClock();
        clock.SetWallClock(1_767_225_600_000);
        var vb = new VirtualBoard(board, clock);
        var met = new MetCycle(board, vb.Bus.GetDevice(board.Adc.Address), vb.Bus.GetDevice(board.EnvSensor.Address), vb.Anemometer!, clock);
        var wind = new TurbulentWind(seed);
        var random = new Random(seed + 1);
        var reading = new Reading();
        var result = new List<MetInterval>();
        const int tickMs = 100;
        int samplePeriod = board.Wind.SampleMilliseconds;
        met.Station.Sample(); // pulse baseline
        met.Measure(reading);  // starts the first interval
        long nextSample = clock.UptimeMilliseconds + samplePeriod;
        for (int k = 0; k < intervals; k++)
        {
            // A new regime every interval: 0.3..12 m/s, any direction, σθ 3..40°, turbulence 10..40 %.
            double mean = 0.3 + 11.7 * random.NextDouble() * random.NextDouble() + (random.NextDouble() < 0.1 ? 0 : 0.7);
            double dir = 360 * random.NextDouble();
            double sigma = 3 + 37 * random.NextDouble();
            double turb = 10 + 30 * random.NextDouble();
            double sumSpeed = 0, sumSin = 0, sumCos = 0;
            var dirs = new List<double>();
            int ticks = intervalSeconds * 1000 / tickMs;
            for (int i = 0; i < ticks; i++)
            {
                var (s, d) = wind.Step(tickMs / 1000.0, mean, dir, sigma, turb);
                vb.SetWind(s, d);
                clock.AdvanceMilliseconds(tickMs);
                sumSpeed += s;
                sumSin += Math.Sin(d * Math.PI / 180);
                sumCos += Math.Cos(d * Math.PI / 180);
                dirs.Add(d);
                if (clock.UptimeMilliseconds >= nextSample)
                {
                    met.Station.Sample(); // the conversion itself advances the virtual clock by ~8 ms, as on the device
                    nextSample += samplePeriod;
                }
            }
            met.Measure(reading);
            double trueDir = (Math.Atan2(sumSin, sumCos) * 180 / Math.PI + 360) % 360;
            double trueSigma = Math.Sqrt(dirs.Average(d => Sq(Diff(d, trueDir))));
            result.Add(new MetInterval(sumSpeed / ticks, trueDir, trueSigma, reading.WindSpeedMs, reading.WindDirectionDeg,
                reading.WindSigmaThetaDeg, reading.WindFlags));
        }
        var valid = result.Where(r => !double.IsNaN(r.DirectionDeg)).ToList();
        return new MetAccuracyResult(result,
            result.Average(r => r.SpeedMs - r.TrueSpeedMs), Math.Sqrt(result.Average(r => Sq(r.SpeedMs - r.TrueSpeedMs))),
            valid.Average(r => Diff(r.DirectionDeg, r.TrueDirectionDeg)), Math.Sqrt(valid.Average(r => Sq(Diff(r.DirectionDeg, r.TrueDirectionDeg)))),
            valid.Average(r => r.SigmaDeg - r.TrueSigmaDeg), Math.Sqrt(valid.Average(r => Sq(r.SigmaDeg - r.TrueSigmaDeg))),
            result.Count(r => (r.Flags & WindFlags.Calm) != 0));
    }

    /// <summary>Signed smallest angle a − b in (−180, 180].</summary>
    public static double Diff(double a, double b)
    {
        double d = ((a - b) % 360 + 540) % 360 - 180;
        return d == -180 ? 180 : d;
    }

    private static double Sq(double x) => x * x;
}
