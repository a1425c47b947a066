using Methane.Emissions.Simulation;

namespace Methane.Emissions.Evaluation.Scoring;

/// <summary>How the inversion did on one release.</summary>
public sealed record ReleaseScore(
    Release Release,
    int WindowsInside,
    int ValidWindows,
    bool Detected,
    bool? CorrectSource,
    string? TopSource,
    double? EstimatedKgPerHour,
    double MeanTrueWindSpeedMs,
    double? SiteTotalKgPerHour = null)
{
    /// <summary>Error of the site's total (all sources) for a release alone on the site; null when another overlapped it.</summary>
    public double? SiteTotalRelativeError => SiteTotalKgPerHour is double e ? (e - Release.RateKgPerHour) / Release.RateKgPerHour : null;

    public double? RelativeError => EstimatedKgPerHour is double e ? (e - Release.RateKgPerHour) / Release.RateKgPerHour : null;
}
