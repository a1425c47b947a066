namespace Methane.Firmware.Emulation.Scenarios;

/// <summary>
/// The instantaneous wind at a met mast around a given mean: direction and speed fluctuations as first-order
/// autoregressive (Ornstein–Uhlenbeck) processes, x ← φx + √(1−φ²)·σ·g with φ = exp(−dt/τ), so their standard deviations
/// are exactly σθ (degrees) and turbulence·mean speed, with integral time scales <see cref="DirectionTimeScaleSeconds"/>
/// and <see cref="SpeedTimeScaleSeconds"/>. Deterministic for its seed. Speed never goes below 0.
/// </summary>
public sealed class TurbulentWind
{
    public const double DirectionTimeScaleSeconds = 10;
    public const double SpeedTimeScaleSeconds = 5;

    private readonly Random _random;
    private double _dirAnomaly;
    private double _speedAnomaly;
    private bool _started;

    public TurbulentWind(int seed)
    {
        _random = new Random(seed);
    }

    public double SpeedMs { get; private set; }
    public double DirectionDeg { get; private set; }

    /// <summary>Advances by <paramref name="dtSeconds"/> around the given mean wind and returns the new instantaneous wind.</summary>
    public (double SpeedMs, double DirectionDeg) Step(double dtSeconds, double meanSpeedMs, double meanDirectionDeg, double sigmaThetaDeg, double turbulencePct)
    {
        double gd = Gaussian();
        double gs = Gaussian();
        if (!_started)
        {
            // Start in the stationary distribution, not at the mean.
            _dirAnomaly = sigmaThetaDeg * gd;
            _speedAnomaly = turbulencePct / 100 * gs;
            _started = true;
        }
        else if (dtSeconds > 0)
        {
            double pd = Math.Exp(-dtSeconds / DirectionTimeScaleSeconds);
            double ps = Math.Exp(-dtSeconds / SpeedTimeScaleSeconds);
            _dirAnomaly = pd * _dirAnomaly + Math.Sqrt(1 - pd * pd) * sigmaThetaDeg * gd;
            _speedAnomaly = ps * _speedAnomaly + Math.Sqrt(1 - ps * ps) * turbulencePct / 100 * gs;
        }
        SpeedMs = Math.Max(0, meanSpeedMs * (1 + _speedAnomaly));
        DirectionDeg = ((meanDirectionDeg + _dirAnomaly) % 360 + 360) % 360;
        return (SpeedMs, DirectionDeg);
    }

    private double Gaussian()
    {
        double u1 = 1.0 - _random.NextDouble();
        double u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
