using Methane.Firmware.Core.Config;
using Methane.Firmware.Emulation.Boards;

namespace Methane.Calibration;

/// <summary>
/// Co-location pairs from the emulator's own sensor physics (the truth model, which is not the fitted model): the
/// TGS2611 curve with its linear T/RH factor (<see cref="VirtualBoard.RsOhms"/>), the ambient noise floor
/// (<see cref="AmbientNoiseFloor"/>), a slow linear drift of Rs, and a reference that is a background of 1.9–2.1 ppm with
/// diurnal variation plus occasional plumes of up to ~8 ppm. Temperature and humidity follow anti-correlated diurnal cycles
/// with day-to-day weather. Deterministic for its seed.
/// </summary>
public static class SyntheticColocation
{
    /// <summary>Global mean background the reference sits on, ppm (the emulator's "0 ppm above clean air").</summary>
    public const double BackgroundPpm = 1.9;

    public static List<ColocationPoint> Generate(MethaneCalibration sensor, DateTimeOffset start, double days, TimeSpan step, int seed,
        double driftPctPerDay = 0.2)
    {
        var random = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var points = new List<ColocationPoint>();
        int n = (int)(days * 86400 / step.TotalSeconds);
        double weatherT = 0, weatherH = 0, plume = 0;
        for (int i = 0; i < n; i++)
        {
            double d = i * step.TotalSeconds / 86400;
            double hour = (d % 1) * 24;
            double diurnal = Math.Sin(2 * Math.PI * (hour - 9) / 24);
            // Day-to-day weather as slow random walks.
            weatherT = 0.999 * weatherT + 0.08 * Gaussian();
            weatherH = 0.999 * weatherH + 0.25 * Gaussian();
            double t = 14 + 6 * diurnal + weatherT;
            double rh = Math.Clamp(65 - 18 * diurnal + weatherH, 15, 98);
            // Background: higher at night (shallow boundary layer), plus plumes that come and go.
            double background = BackgroundPpm + 0.1 * (1 - diurnal) / 2;
            if (random.NextDouble() < 0.01) plume = 1 + 7 * random.NextDouble();
            plume *= 0.9;
            double reference = background + plume;
            double drift = 1 + driftPctPerDay / 100 * d;
            double rs = VirtualBoard.RsOhms(sensor, reference - BackgroundPpm, t, rh, drift)
                        * AmbientNoiseFloor.RsFactor(sensor, reference - BackgroundPpm, Gaussian());
            points.Add(new ColocationPoint(start + TimeSpan.FromSeconds(i * step.TotalSeconds), reference, rs, t, rh));
        }
        return points;
    }
}
