namespace Methane.Emissions.Inversion;

public sealed record InversionOptions
{
    public int WindowMinutes { get; init; } = 15;
    public int BlockHours { get; init; } = 12;
    /// <summary>Wind below this is calm (EPA guidance: below the instruments' starting threshold; plume models break down).</summary>
    public double CalmThresholdMs { get; init; } = 0.5;
    public int MinSensors { get; init; } = 3;
    /// <summary>Share of the window's minutes that must have met data / a sensor must have readings.</summary>
    public double MinCoverage { get; init; } = 0.5;
    public double BackgroundPercentile { get; init; } = 10;
    public int BackgroundContextMinutes { get; init; } = 120;
    public int BootstrapSamples { get; init; } = 100;
    public double IntervalLowerPercentile { get; init; } = 5;
    public double IntervalUpperPercentile { get; init; } = 95;
    /// <summary>A source is detected when the lower end of its interval is above this rate.</summary>
    public double DetectionFloorKgPerHour { get; init; } = 0.05;
    /// <summary>Share of a block's windows that must be valid for the block to have a valid estimate.</summary>
    public double MinBlockValidShare { get; init; } = 0.5;
    /// <summary>Local solar time = UTC + this; used to tell night from day for the stability class.</summary>
    public double UtcOffsetHours { get; init; } = 0;
    public int Seed { get; init; } = 12345;
}
