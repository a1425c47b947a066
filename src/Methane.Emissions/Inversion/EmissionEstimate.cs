namespace Methane.Emissions.Inversion;

/// <summary>
/// One estimate: a source's rate over a window (15 minutes or a 12-hour block) with its bootstrap interval. When the
/// window has no valid estimate, the rate and interval are null and <see cref="Reason"/> says why.
/// </summary>
public sealed record EmissionEstimate(
    string SiteId,
    string Source,
    double? RateKgPerHour,
    double? LowerKgPerHour,
    double? UpperKgPerHour,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    bool Detected,
    string? Reason)
{
    public bool Valid => Reason == null;
}
