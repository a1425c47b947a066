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
    double MeanTrueWindSpeedMs)
{
    public double? RelativeError => EstimatedKgPerHour is double e ? (e - Release.RateKgPerHour) / Release.RateKgPerHour : null;
}
