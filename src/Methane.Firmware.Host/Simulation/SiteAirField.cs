using Methane.Emissions.Geometry;
using Methane.Emissions.Scenarios;
using Methane.Emissions.Simulation;
using Methane.Firmware.Emulation.Scenarios;

namespace Methane.Firmware.Host.Simulation;

/// <summary>
/// One site's air during a scenario: the scripted wind (<see cref="ScenarioWind"/>) and the releases it carries to the
/// sensor inlets (<see cref="ScenarioGasField"/>, the puff model), stepped once per scenario second on demand. Every device
/// of the site reads the same field: a gas sensor its inlet's enhancement, the met station the wind at its mast.
/// </summary>
public sealed class SiteAirField
{
    private const double StepSeconds = 1;
    private readonly ScenarioWind[] _winds;
    private readonly double[] _windStarts;
    private readonly ScenarioGasField _gas;
    private readonly object _gate = new();
    private double _next;
    private WindSample _current;

    public SiteAirField(SiteGeometry geometry, ScenarioSite script, DateTimeOffset start, int seed)
    {
        Geometry = geometry;
        Start = start;
        // One ScenarioWind per segment of the wind time series (each keeps its own turbulence state).
        _winds = script.Wind.Select((w, k) => new ScenarioWind(Kind(w.Profile), k == 0 ? seed : unchecked(seed * 7919 + k))
        {
            MeanSpeedMs = w.SpeedMs, MeanFromDeg = w.FromDeg, MeanderAmplitudeDeg = w.MeanderAmplitudeDeg,
            MeanderPeriodS = w.MeanderPeriodSeconds, UtcOffsetHours = w.UtcOffsetHours,
        }).ToArray();
        _windStarts = script.Wind.Select(w => w.StartSeconds).ToArray();
        Releases = script.Releases.Select(r => new ScenarioRelease(r.Source, r.RateKgPerHour, start.AddSeconds(r.StartSeconds), start.AddSeconds(r.EndSeconds))).ToList();
        _gas = new ScenarioGasField(geometry, Releases);
        _current = WindAt(0);
    }

    public SiteGeometry Geometry { get; }
    /// <summary>Wall-clock time of scenario second 0.</summary>
    public DateTimeOffset Start { get; }
    /// <summary>The true releases, in wall-clock time.</summary>
    public IReadOnlyList<ScenarioRelease> Releases { get; }

    /// <summary>The view of one device of the site (a sensor or the met station of the sites file), or null for a thing the site does not place.</summary>
    public IDeviceAir? For(string thing)
    {
        int sensor = Geometry.SensorIndex(thing);
        if (sensor >= 0) return new DeviceView(this, sensor);
        return thing == Geometry.MetStation.Thing ? new DeviceView(this, -1) : null;
    }

    private void AdvanceTo(double t)
    {
        // State at scenario second _next: the gas emitted before it, moved by the wind of each earlier second.
        while (_next + StepSeconds <= t)
        {
            _gas.Step(Start.AddSeconds(_next), StepSeconds, _current);
            _next += StepSeconds;
            _current = WindAt(_next);
        }
    }

    private WindSample WindAt(double t)
    {
        int k = _windStarts.Length - 1;
        while (k > 0 && _windStarts[k] > t) k--;
        return _winds[k].Next(Start.AddSeconds(t));
    }

    private static ScenarioWindKind Kind(SiteWindProfile p) => p switch
    {
        SiteWindProfile.Meandering => ScenarioWindKind.Meandering,
        SiteWindProfile.Calm => ScenarioWindKind.Calm,
        SiteWindProfile.DiurnalStability => ScenarioWindKind.DiurnalStability,
        _ => ScenarioWindKind.Steady,
    };

    private sealed class DeviceView(SiteAirField field, int sensor) : IDeviceAir
    {
        public double EnhancementPpmAt(double t)
        {
            if (sensor < 0) return 0;
            lock (field._gate)
            {
                field.AdvanceTo(t);
                return field._gas.EnhancementPpm[sensor];
            }
        }

        public bool TryWindAt(double t, out double speedMs, out double fromDeg)
        {
            lock (field._gate)
            {
                field.AdvanceTo(t);
                speedMs = field._current.SpeedMs;
                fromDeg = field._current.FromDeg;
            }
            return true;
        }
    }
}
