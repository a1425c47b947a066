using Methane.Emissions.Dispersion;
using Methane.Emissions.Geometry;

namespace Methane.Emissions.Simulation;

/// <summary>
/// The truth's transport model, deliberately different from the inversion's steady plume: a Gaussian puff model. Each
/// source emits a puff every step; puffs are advected by the instantaneous (meandering) wind, grow by relative
/// dispersion from the current turbulence intensities with a Lagrangian time scale (Taylor-type growth), reflect at the
/// ground, and are dropped when far from the site or old. Concentrations are summed at each sensor inlet.
/// </summary>
public sealed class PuffTransport
{
    private struct Puff
    {
        public double East, North, Height, MassG, Age;
    }

    private readonly SiteGeometry _site;
    private readonly List<Puff> _puffs = new(4096);
    public double InitialSpreadM { get; init; } = 0.5;
    public double LateralTimeScaleS { get; init; } = 100;
    public double VerticalTimeScaleS { get; init; } = 50;
    public double MaxAgeS { get; init; } = 900;
    public double MaxRangeM { get; init; } = 300;
    /// <summary>Share of the lateral turbulence that spreads a single puff (the rest is meander, explicit in the wind).</summary>
    public double RelativeDispersionShare { get; init; } = 0.6;

    public PuffTransport(SiteGeometry site) => _site = site;

    public int PuffCount => _puffs.Count;

    public void Emit(int sourceIndex, double gramsPerSecond, double dt)
    {
        CandidateSource s = _site.Sources[sourceIndex];
        _puffs.Add(new Puff { East = s.Position.East, North = s.Position.North, Height = s.ReleaseHeightM, MassG = gramsPerSecond * dt });
    }

    /// <summary>Moves and ages every puff by one step of the given wind.</summary>
    public void Advect(in WindSample wind, double dt)
    {
        double a = wind.FromDeg * Math.PI / 180;
        double de = -Math.Sin(a) * wind.SpeedMs * dt, dn = -Math.Cos(a) * wind.SpeedMs * dt;
        for (int i = _puffs.Count - 1; i >= 0; i--)
        {
            Puff p = _puffs[i];
            p.East += de;
            p.North += dn;
            p.Age += dt;
            if (p.Age > MaxAgeS || Math.Abs(p.East) > MaxRangeM || Math.Abs(p.North) > MaxRangeM) { _puffs.RemoveAt(i); continue; }
            _puffs[i] = p;
        }
    }

    /// <summary>Methane enhancement (ppm) at a sensor inlet from all puffs.</summary>
    public double EnhancementPpm(SensorPlacement sensor, in WindSample wind)
    {
        if (_puffs.Count == 0) return 0;
        double u = Math.Max(0.3, wind.SpeedMs);
        double sv = RelativeDispersionShare * wind.LateralIntensity * u, sw = wind.VerticalIntensity * u;
        double s0 = InitialSpreadM * InitialSpreadM, z = sensor.InletHeightM;
        double c = 0;
        foreach (Puff p in _puffs)
        {
            double t = p.Age;
            double sy2 = s0 + sv * sv * t * t / (1 + t / (2 * LateralTimeScaleS));
            double sz2 = s0 + sw * sw * t * t / (1 + t / (2 * VerticalTimeScaleS));
            double dx = sensor.Position.East - p.East, dy = sensor.Position.North - p.North;
            double r2 = dx * dx + dy * dy;
            if (r2 > 36 * sy2) continue;
            double vertical = Math.Exp(-(z - p.Height) * (z - p.Height) / (2 * sz2)) + Math.Exp(-(z + p.Height) * (z + p.Height) / (2 * sz2));
            c += p.MassG / (Math.Pow(2 * Math.PI, 1.5) * sy2 * Math.Sqrt(sz2)) * Math.Exp(-r2 / (2 * sy2)) * vertical;
        }
        return MethaneUnits.PpmFromGramsPerCubicMetre(c);
    }
}
