namespace Methane.Firmware.Emulation.Scenarios;

/// <summary>A scripted run: ambient conditions plus timed events, deterministic for its seed. See scenarios/README.md.</summary>
public sealed class Scenario
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public required int Seed { get; init; }
    public required int DurationSeconds { get; init; }
    /// <summary>Overrides the device's sample interval when set.</summary>
    public int? SampleIntervalSeconds { get; init; }
    public ScenarioEnvironment Environment { get; init; } = new();
    public IReadOnlyList<ScenarioEvent> Events { get; init; } = [];
    /// <summary>Sites whose air is modelled: wind and releases at candidate sources, carried to the sensors by the host's gas field.</summary>
    public IReadOnlyList<ScenarioSite> Sites { get; init; } = [];
    /// <summary>The file it came from (for messages).</summary>
    public string File { get; init; } = "";
}

/// <summary>Ambient conditions every device sees: slow sinusoidal temperature and humidity cycles, and sensor noise.</summary>
public sealed class ScenarioEnvironment
{
    public double TemperatureC { get; init; } = 20;
    public double TemperatureAmplitudeC { get; init; }
    public double TemperaturePeriodSeconds { get; init; } = 3600;
    public double HumidityPct { get; init; } = 50;
    public double HumidityAmplitudePct { get; init; }
    public double HumidityPeriodSeconds { get; init; } = 3600;
    /// <summary>Methane background above what the sensor reads in clean air, ppm.</summary>
    public double BackgroundPpm { get; init; }
    /// <summary>Gaussian noise on the sensor resistance, percent (1 σ).</summary>
    public double SensorNoisePct { get; init; }
}

public enum ScenarioEventType
{
    Leak,
    Drift,
    I2cFault,
    BrokerOutage,
    PowerCut,
    /// <summary>Step change of the wind at the met station (mean speed, direction, turbulence) until the next wind event.</summary>
    Wind,
    /// <summary>A fault of the met station's anemometer or vane for a while.</summary>
    WindFault,
}

public enum WindFaultKind
{
    VaneStuck,
    NoPulses,
    VaneOutOfRange,
}

public enum I2cFaultKind
{
    AddressNack,
    BusError,
    Crc,
    Stuck,
    Saturated,
}

/// <summary>One timed event. Which fields apply depends on <see cref="Type"/> (the loader enforces it).</summary>
public sealed class ScenarioEvent
{
    public required ScenarioEventType Type { get; init; }
    /// <summary>Device indexes affected; null = every device.</summary>
    public IReadOnlyList<int>? Devices { get; init; }
    public double StartSeconds { get; init; }
    /// <summary>Leak: ramp up; drift/fault/outage: how long it lasts; power cut: how long the power stays off.</summary>
    public double DurationSeconds { get; init; }
    // Leak plume
    public double PeakPpm { get; init; }
    public double RiseSeconds { get; init; }
    public double HoldSeconds { get; init; }
    public double DecaySeconds { get; init; }
    // Drift: sensor resistance changes linearly by this percentage over the event.
    public double RsChangePct { get; init; }
    // I2C fault
    public string Chip { get; init; } = "";
    public I2cFaultKind Fault { get; init; }
    // Wind step: mean speed (m/s), direction the wind blows from (degrees), direction fluctuation (1 σ, degrees),
    // speed fluctuation (1 σ, % of the mean).
    public double SpeedMs { get; init; }
    public double DirectionDeg { get; init; }
    public double SigmaThetaDeg { get; init; }
    public double TurbulencePct { get; init; }
    public WindFaultKind WindFault { get; init; }

    /// <summary>JSON path of the event in its file, for messages.</summary>
    public string Path { get; init; } = "";

    public bool Affects(int device) => Devices is null || Devices.Contains(device);

    public double EndSeconds => Type switch
    {
        ScenarioEventType.Leak => StartSeconds + RiseSeconds + HoldSeconds + DecaySeconds,
        ScenarioEventType.Wind => double.PositiveInfinity, // until the next wind event replaces it
        _ => StartSeconds + DurationSeconds,
    };

    public bool IsActive(double t) => t >= StartSeconds && t < EndSeconds;
}
