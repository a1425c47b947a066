namespace Methane.Emissions.Simulation;

/// <summary>The true wind at one instant: speed, direction it blows FROM, and the turbulence the puffs feel.</summary>
public struct WindSample
{
    public double SpeedMs;
    public double FromDeg;
    /// <summary>Lateral and vertical turbulence intensities σv/u and σw/u (continuous, not P-G classes).</summary>
    public double LateralIntensity;
    public double VerticalIntensity;
}

/// <summary>
/// Synthetic site wind at a fixed step: a slowly wandering synoptic direction, a diurnal cycle of speed and turbulence
/// (convective afternoons, stable nights, with day-to-day cloudiness), meander as an Ornstein–Uhlenbeck process on
/// direction (larger and slower at night), gusts, and calm episodes. Deterministic for a seed.
/// </summary>
public sealed class WindSimulator
{
    private readonly Random _rng;
    private readonly double _dt;
    private double _synoptic, _meander, _speedAnomaly, _dayFactor = 1, _cloud;
    private int _lastDay = int.MinValue;
    private double _calmUntil = double.NegativeInfinity, _nextCalm;
    private double _time;

    public WindSimulator(int seed, double stepSeconds)
    {
        _rng = new Random(seed);
        _dt = stepSeconds;
        _synoptic = _rng.NextDouble() * 360;
        _nextCalm = ExpHours(18);
    }

    /// <summary>Mean rate of calm episodes (per hour) and their length.</summary>
    public double CalmEveryHours { get; init; } = 18;

    public WindSample Next(DateTimeOffset t)
    {
        _time += _dt;
        int day = (int)Math.Floor(t.ToUnixTimeSeconds() / 86400.0);
        if (day != _lastDay)
        {
            _lastDay = day;
            _dayFactor = Math.Exp(0.35 * Gaussian());   // windier or quieter day
            _cloud = _rng.NextDouble();                  // 0 clear … 1 overcast
        }
        double hour = t.UtcDateTime.TimeOfDay.TotalHours;
        // Solar forcing: 0 at night, up to 1 at 13:00 on a clear day; overcast damps it.
        double sun = Math.Max(0, Math.Sin(Math.PI * (hour - 7) / 12)) * (1 - 0.7 * _cloud);
        bool night = hour < 7 || hour >= 19;
        double stableness = night ? 1 - 0.6 * _cloud : 0;

        _synoptic = Wrap(_synoptic + Gaussian() * 40 * Math.Sqrt(_dt / 21600.0));   // ~40° per 6 h
        double meanderSigma = night ? 12 + 18 * stableness : 10 + 15 * sun;          // degrees
        double meanderTau = night ? 300 : 120;                                        // seconds
        _meander += -_meander * _dt / meanderTau + meanderSigma * Math.Sqrt(2 * _dt / meanderTau) * Gaussian();
        _speedAnomaly += -_speedAnomaly * _dt / 1800 + 0.3 * Math.Sqrt(2 * _dt / 1800) * Gaussian();

        double baseSpeed = 3.2 * _dayFactor * (night ? 0.55 + 0.25 * _cloud : 0.9 + 0.5 * sun);
        double speed = baseSpeed * Math.Exp(_speedAnomaly);

        if (_time >= _nextCalm && _time > _calmUntil)
        {
            _calmUntil = _time + 60 * (15 + 75 * _rng.NextDouble());
            _nextCalm = _calmUntil + ExpHours(CalmEveryHours) * (night ? 0.5 : 1.5);
        }
        bool calm = _time < _calmUntil;
        if (calm) speed = 0.15 + 0.3 * _rng.NextDouble();

        double lateral = 0.08 + 0.25 * sun + (night ? 0.04 * (1 - stableness) : 0.05);
        double vertical = 0.03 + 0.15 * sun + (night ? 0.02 * (1 - stableness) : 0.04);
        double gust = 1 + lateral * Gaussian();
        // Within-sample turbulence on direction (what a 1 Hz vane sees beyond the meander), larger in light wind.
        double jitter = Gaussian() * Math.Min(40, lateral * 57.3 * (calm ? 3 : 1));
        return new WindSample
        {
            SpeedMs = Math.Max(0.05, speed * gust),
            FromDeg = Wrap(_synoptic + _meander * (calm ? 3 : 1) + jitter),
            LateralIntensity = lateral,
            VerticalIntensity = vertical,
        };
    }

    private double ExpHours(double meanHours) => -Math.Log(1 - _rng.NextDouble()) * meanHours * 3600;
    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _rng.NextDouble())) * Math.Cos(2 * Math.PI * _rng.NextDouble());
    private static double Wrap(double deg) => ((deg % 360) + 360) % 360;
}
