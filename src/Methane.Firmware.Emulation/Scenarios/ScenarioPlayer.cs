using Methane.Firmware.Core.Bus;
using Methane.Firmware.Emulation.Boards;
using Methane.Firmware.Emulation.Chips;

namespace Methane.Firmware.Emulation.Scenarios;

/// <summary>
/// Drives one <see cref="VirtualBoard"/> through a <see cref="Scenario"/>: air, gas, drift and chip faults at scenario time t.
/// Deterministic: per-device variation (plume strength, cycle phase, noise) comes from the scenario seed and the device index.
/// Broker outages and power cuts are answered here but carried out by the runner.
/// </summary>
public sealed class ScenarioPlayer
{
    private readonly Scenario _scenario;
    private readonly int _device;
    private readonly Random _noise;
    private readonly double _phase;
    private readonly double[] _strength;
    private readonly bool[] _faultActive;
    private readonly TurbulentWind _wind;
    private double _lastWindT = double.NaN;

    public ScenarioPlayer(Scenario scenario, int device)
    {
        _scenario = scenario;
        _device = device;
        var rng = new Random(Mix(scenario.Seed, device, 1));
        _phase = rng.NextDouble() * 2 * Math.PI * 0.1;
        // Devices nearer or farther from the source: 70 % .. 110 % of the plume peak.
        _strength = scenario.Events.Select(_ => 0.7 + 0.4 * rng.NextDouble()).ToArray();
        _noise = new Random(Mix(scenario.Seed, device, 2));
        _faultActive = new bool[scenario.Events.Count];
        _wind = new TurbulentWind(Mix(scenario.Seed, device, 3));
    }

    /// <summary>The wind step in force at t for this device (the latest wind event started), or null before any.</summary>
    public ScenarioEvent? WindStepAt(double t)
    {
        ScenarioEvent? current = null;
        foreach (var e in _scenario.Events)
        {
            if (e.Type != ScenarioEventType.Wind || !e.Affects(_device) || e.StartSeconds > t) continue;
            if (current is null || e.StartSeconds >= current.StartSeconds) current = e;
        }
        return current;
    }

    public Scenario Scenario => _scenario;

    /// <summary>
    /// The modelled air at this device (the host's site gas field and wind), or null: then methane is the background plus
    /// the leak events' plumes, and a met station sees the wind events.
    /// </summary>
    public IDeviceAir? Air { get; set; }

    /// <summary>Methane above clean air at t (background, the modelled air's enhancement, and the leak events' plumes reaching this device).</summary>
    public double PpmAt(double t)
    {
        double ppm = _scenario.Environment.BackgroundPpm + (Air?.EnhancementPpmAt(t) ?? 0);
        for (int i = 0; i < _scenario.Events.Count; i++)
        {
            var e = _scenario.Events[i];
            if (e.Type != ScenarioEventType.Leak || !e.Affects(_device)) continue;
            ppm += e.PeakPpm * _strength[i] * Plume(e, t);
        }
        return ppm;
    }

    /// <summary>0..1: smooth rise, hold, exponential decay (time constant decay/4, cut to 0 at the end).</summary>
    public static double Plume(ScenarioEvent e, double t)
    {
        double s = t - e.StartSeconds;
        if (s < 0 || t >= e.EndSeconds) return 0;
        if (s < e.RiseSeconds)
        {
            double x = s / e.RiseSeconds;
            return x * x * (3 - 2 * x);
        }
        s -= e.RiseSeconds;
        if (s < e.HoldSeconds) return 1;
        s -= e.HoldSeconds;
        return Math.Exp(-4 * s / e.DecaySeconds);
    }

    public double TemperatureAt(double t)
    {
        var env = _scenario.Environment;
        return env.TemperatureC + env.TemperatureAmplitudeC * Math.Sin(2 * Math.PI * t / env.TemperaturePeriodSeconds + _phase);
    }

    public double HumidityAt(double t)
    {
        var env = _scenario.Environment;
        return Math.Clamp(env.HumidityPct + env.HumidityAmplitudePct * Math.Sin(2 * Math.PI * t / env.HumidityPeriodSeconds + _phase), 0, 100);
    }

    /// <summary>Product of the drift events' linear Rs changes at t.</summary>
    public double DriftAt(double t)
    {
        double f = 1;
        foreach (var e in _scenario.Events)
        {
            if (e.Type != ScenarioEventType.Drift || !e.Affects(_device) || t < e.StartSeconds) continue;
            double progress = Math.Min(1, (t - e.StartSeconds) / e.DurationSeconds);
            f *= 1 + e.RsChangePct / 100 * progress;
        }
        return f;
    }

    /// <summary>True while a broker outage is on (the same for every device).</summary>
    public bool BrokerDownAt(double t) =>
        _scenario.Events.Any(e => e.Type == ScenarioEventType.BrokerOutage && e.IsActive(t));

    /// <summary>True while this device's power is cut.</summary>
    public bool PowerOffAt(double t) =>
        _scenario.Events.Any(e => e.Type == ScenarioEventType.PowerCut && e.Affects(_device) && e.IsActive(t));

    /// <summary>Sets the board's air and chip faults for time t. Call before each firmware tick.</summary>
    public void Apply(VirtualBoard board, double t)
    {
        double noise = _scenario.Environment.SensorNoisePct / 100 * Gaussian();
        board.SetAir(PpmAt(t), TemperatureAt(t), HumidityAt(t), DriftAt(t) * (1 + noise));
        if (board.Anemometer is not null)
        {
            if (Air != null && Air.TryWindAt(t, out double airSpeed, out double airFrom)) board.SetWind(airSpeed, airFrom);
            else
            {
                ScenarioEvent? w = WindStepAt(t);
                double dt = double.IsNaN(_lastWindT) ? 0 : t - _lastWindT;
                _lastWindT = t;
                var (speed, dir) = w is null ? (0.0, 0.0) : _wind.Step(dt, w.SpeedMs, w.DirectionDeg, w.SigmaThetaDeg, w.TurbulencePct);
                board.SetWind(speed, dir);
            }
        }
        for (int i = 0; i < _scenario.Events.Count; i++)
        {
            var e = _scenario.Events[i];
            if ((e.Type != ScenarioEventType.I2cFault && e.Type != ScenarioEventType.WindFault) || !e.Affects(_device)) continue;
            bool active = e.IsActive(t);
            if (active == _faultActive[i]) continue;
            _faultActive[i] = active;
            if (e.Type == ScenarioEventType.WindFault) SetWindFault(board, e, active);
            else SetFault(board, e, active);
        }
    }

    /// <summary>Names of the events starting in (from, to], for the live view.</summary>
    public IEnumerable<ScenarioEvent> EventsStarting(double from, double to) =>
        _scenario.Events.Where(e => e.Affects(_device) && e.StartSeconds > from && e.StartSeconds <= to);

    private static void SetWindFault(VirtualBoard board, ScenarioEvent e, bool on)
    {
        if (board.Anemometer is null || board.Vane is null) return;
        switch (e.WindFault)
        {
            case WindFaultKind.VaneStuck: board.Vane.Stuck = on; break;
            case WindFaultKind.NoPulses: board.Anemometer.NoPulses = on; break;
            case WindFaultKind.VaneOutOfRange: board.Vane.OutOfRange = on; board.Vane.DirectionDeg = board.Vane.DirectionDeg; break;
        }
    }

    private static void SetFault(VirtualBoard board, ScenarioEvent e, bool on)
    {
        I2cChipEmulator chip = e.Chip == "sht4x" ? board.Env : board.Adc;
        switch (e.Fault)
        {
            case I2cFaultKind.AddressNack:
                if (on) chip.InjectTransferFault(I2cStatus.AddressNack); else chip.ClearTransferFault();
                break;
            case I2cFaultKind.BusError:
                if (on) chip.InjectTransferFault(I2cStatus.BusError); else chip.ClearTransferFault();
                break;
            case I2cFaultKind.Crc:
                if (on) board.Env.CorruptCrc(); else board.Env.ClearCrcCorruption();
                break;
            case I2cFaultKind.Stuck:
                if (chip is Ads1115Emulator adc) adc.StuckOutput = on; else board.Env.StuckOutput = on;
                break;
            case I2cFaultKind.Saturated:
                if (chip is Ads1115Emulator a) a.ForcedSaturation = on ? AdcSaturation.High : AdcSaturation.None;
                else board.Env.ForcedSaturation = on ? AdcSaturation.High : AdcSaturation.None;
                break;
        }
    }

    // HashCode.Combine is randomized per process; this mix is stable across runs and machines.
    private static int Mix(int seed, int device, int stream) =>
        unchecked((int)((uint)seed * 2654435761u ^ (uint)device * 40503u ^ (uint)stream * 2246822519u) & int.MaxValue);

    // Box-Muller on the device's own generator: the same seed gives the same noise sequence.
    private double Gaussian()
    {
        double u1 = 1.0 - _noise.NextDouble();
        double u2 = _noise.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
