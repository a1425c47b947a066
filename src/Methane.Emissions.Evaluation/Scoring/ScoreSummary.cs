namespace Methane.Emissions.Evaluation.Scoring;

public sealed record ScoreSummary
{
    public required int Releases { get; init; }
    public required double SiteDays { get; init; }
    public required int Windows { get; init; }
    public required int ValidWindows { get; init; }
    public required IReadOnlyDictionary<string, int> InvalidReasons { get; init; }
    public required LogisticFit PodFit { get; init; }
    public required double Dl90KgPerHour { get; init; }
    public required double DetectedShare { get; init; }
    public required int FalsePositiveEvents { get; init; }
    public required double NoReleaseSiteDays { get; init; }
    public required double FalsePositivesPerSiteDay { get; init; }
    public required int LocalizationScored { get; init; }
    public required double LocalizationShare { get; init; }
    public required int QuantifiedAbove1 { get; init; }
    public required double MeanRelativeError { get; init; }
    public required double MedianRelativeError { get; init; }
    public required double P5RelativeError { get; init; }
    public required double P95RelativeError { get; init; }
    public required int Blocks { get; init; }
    public required int ValidBlocks { get; init; }
    public required double BlockMeanRelativeError { get; init; }
    public required int BlocksQuantified { get; init; }
    public double ValidBlockShare => Blocks == 0 ? double.NaN : (double)ValidBlocks / Blocks;
}
