namespace Methane.Firmware.Emulation.Scenarios;

/// <summary>Scripted wind over a site (the profiles of Methane.Emissions' ScenarioWind).</summary>
public enum SiteWindProfile
{
    Steady,
    Meandering,
    Calm,
    DiurnalStability,
}

/// <summary>The wind over one site from <see cref="StartSeconds"/> until the next segment: a profile around a mean speed and direction (FROM).</summary>
public sealed class SiteWind
{
    public double StartSeconds { get; init; }
    public SiteWindProfile Profile { get; init; } = SiteWindProfile.Steady;
    public double SpeedMs { get; init; } = 3;
    public double FromDeg { get; init; } = 270;
    public double MeanderAmplitudeDeg { get; init; } = 30;
    public double MeanderPeriodSeconds { get; init; } = 300;
    /// <summary>Local solar time = UTC + this (diurnal profile).</summary>
    public double UtcOffsetHours { get; init; }
}

/// <summary>A release at one of the site's candidate sources (by name in the sites file), constant between two scenario times.</summary>
public sealed class ScriptedRelease
{
    public required string Source { get; init; }
    public required double RateKgPerHour { get; init; }
    public required double StartSeconds { get; init; }
    public required double EndSeconds { get; init; }
    /// <summary>JSON path in its file, for messages.</summary>
    public string Path { get; init; } = "";
}

/// <summary>
/// The air over one site of the sites file: its wind, and the releases the wind carries to the sensors there. The host
/// turns it into a gas field (enhancement at each sensor's inlet) and the wind at the site's met station (see
/// <see cref="IDeviceAir"/>).
/// </summary>
public sealed class ScenarioSite
{
    public required string Site { get; init; }
    /// <summary>The wind as a time series of segments, the first from 0 s (one segment = one profile for the whole run).</summary>
    public IReadOnlyList<SiteWind> Wind { get; init; } = [new SiteWind()];
    public IReadOnlyList<ScriptedRelease> Releases { get; init; } = [];
    /// <summary>JSON path in its file, for messages.</summary>
    public string Path { get; init; } = "";
}
