using Methane.Emissions.Simulation;

namespace Methane.Emissions.Scenarios;

public enum ScenarioWindKind
{
    /// <summary>Constant mean speed and direction, small turbulent jitter (neutral, σθ ≈ 6°).</summary>
    Steady,
    /// <summary>The direction swings ±<see cref="ScenarioWind.MeanderAmplitudeDeg"/> with a period of minutes, plus jitter.</summary>
    Meandering,
    /// <summary>The speed falls to <see cref="ScenarioWind.CalmSpeedMs"/> (below an anemometer's start) and the direction wanders.</summary>
    Calm,
    /// <summary>Convective day (fast, σθ ≈ 25°) and stable night (slow, σθ ≈ 5°), changing at 07:00 and 19:00 local time.</summary>
    DiurnalStability,
}

/// <summary>
/// Scripted wind for host scenarios: one of four profiles, sampled at any time, deterministic for a seed. The within-step
/// direction jitter is an Ornstein–Uhlenbeck process (τ = 60 s) whose standard deviation is the profile's σθ, so a met
/// station that takes the standard deviation of its 1 Hz directions measures about that σθ.
/// </summary>
public sealed class ScenarioWind
{
    public const double CalmSpeedMs = 0.2;
    private const double JitterTimeScaleS = 60;

    private readonly Random _rng;
    private double _jitterDeg;
    private double _wanderDeg;
    private double _lastT = double.NaN;

    public ScenarioWind(ScenarioWindKind kind, int seed)
    {
        Kind = kind;
        _rng = new Random(seed);
    }

    public ScenarioWindKind Kind { get; }
    public double MeanSpeedMs { get; init; } = 3;
    public double MeanFromDeg { get; init; } = 270;
    public double MeanderAmplitudeDeg { get; init; } = 30;
    public double MeanderPeriodS { get; init; } = 300;
    /// <summary>Local solar time = UTC + this (diurnal profile).</summary>
    public double UtcOffsetHours { get; init; }

    /// <summary>The profile's turbulence at time t: the σθ the direction jitter has (degrees).</summary>
    public double SigmaThetaDegAt(DateTimeOffset t) => Kind switch
    {
        ScenarioWindKind.Steady => 6,
        ScenarioWindKind.Meandering => 10,
        ScenarioWindKind.Calm => 40,
        _ => IsDay(t) ? 25 : 5,
    };

    /// <summary>The next sample; call with non-decreasing times (the jitter is a process in time).</summary>
    public WindSample Next(DateTimeOffset t)
    {
        double s = t.ToUnixTimeMilliseconds() / 1000.0;
        double sigma = SigmaThetaDegAt(t);
        double dt = 0;
        if (double.IsNaN(_lastT)) _jitterDeg = sigma * Gaussian();   // start in the stationary distribution
        else
        {
            dt = Math.Max(0, s - _lastT);
            // Exact OU update: keeps the stationary σ for any step.
            double a = Math.Exp(-dt / JitterTimeScaleS);
            _jitterDeg = a * _jitterDeg + sigma * Math.Sqrt(1 - a * a) * Gaussian();
        }
        _lastT = s;

        double speed = MeanSpeedMs, from = MeanFromDeg;
        switch (Kind)
        {
            case ScenarioWindKind.Meandering:
                from += MeanderAmplitudeDeg * Math.Sin(2 * Math.PI * s / MeanderPeriodS);
                break;
            case ScenarioWindKind.Calm:
                speed = CalmSpeedMs;
                _wanderDeg += 2 * Math.Sqrt(dt) * Gaussian();   // a slow random walk of direction
                from += _wanderDeg;
                break;
            case ScenarioWindKind.DiurnalStability:
                speed = IsDay(t) ? 1.5 * MeanSpeedMs : 0.5 * MeanSpeedMs;
                break;
        }
        double intensity = Math.Tan(sigma * Math.PI / 180);
        return new WindSample
        {
            SpeedMs = speed,
            FromDeg = (((from + _jitterDeg) % 360) + 360) % 360,
            // σv/u ≈ tan σθ; vertical turbulence about half the lateral (a common surface-layer ratio).
            LateralIntensity = intensity,
            VerticalIntensity = 0.5 * intensity,
        };
    }

    private bool IsDay(DateTimeOffset t)
    {
        double hour = (t.UtcDateTime.TimeOfDay.TotalHours + UtcOffsetHours + 48) % 24;
        return hour >= 7 && hour < 19;
    }

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _rng.NextDouble())) * Math.Cos(2 * Math.PI * _rng.NextDouble());
}
