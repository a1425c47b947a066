namespace Methane.Emissions.Simulation;

/// <summary>
/// The low-cost sensor and met-station imperfections the truth adds before the inversion sees anything. Defaults: noise
/// floor σ 0.3 ppm per 1-minute reading (Furuta et al. 2024 report RMSE &lt; 0.6 ppm for TGS2611 in the 2–10 ppm range
/// after calibration; README.md), 30 s first-order lag, slow drift, ±5 % gain error, dropouts, outages, fault flags.
/// </summary>
public sealed record SensorModelOptions
{
    public double NoisePpm { get; init; } = 0.3;
    public double LagSeconds { get; init; } = 30;
    public double DriftPpmPerDaySigma { get; init; } = 0.15;
    public double GainErrorSigma { get; init; } = 0.05;
    public double MissingMinuteShare { get; init; } = 0.02;
    public double OutageEveryDays { get; init; } = 10;
    public double FaultEveryDays { get; init; } = 20;
    public double MetOutageEveryDays { get; init; } = 15;
    public double AnemometerThresholdMs { get; init; } = 0.3;
    public double VaneAlignmentErrorDeg { get; init; } = 2;
    public double RegionalBackgroundPpm { get; init; } = 1.95;
}
