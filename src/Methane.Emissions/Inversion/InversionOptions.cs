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
    public double BackgroundPercentile { get; init; } = 5;
    public int BackgroundContextMinutes { get; init; } = 720;
    public int BootstrapSamples { get; init; } = 100;
    /// <summary>Length (time steps) of the resampled runs of the bootstrap; 1 = single minutes (a sensitivity option, README.md).</summary>
    public int BootstrapBlockMinutes { get; init; } = 1;
    public double IntervalLowerPercentile { get; init; } = 5;
    public double IntervalUpperPercentile { get; init; } = 95;
    /// <summary>
    /// σ of ln(true/estimated rate) the transport model adds to a 15-minute window's bootstrap (noise) interval
    /// (<see cref="ModelErrorInterval"/>); 0 = bootstrap only. 0.35: the smallest value (grid step 0.05) whose 90 % intervals
    /// held the true rate in ≥ 90 % of detected true-source windows on tuning seed 1 (README.md).
    /// </summary>
    public double ModelErrorLogSigma { get; init; } = 0.35;
    /// <summary>
    /// The same for a 12-hour block's interval: 0.70, chosen the same way on seed 1 (the block's bootstrap interval is
    /// narrow, but the model's error does not average out over the block's windows).
    /// </summary>
    public double BlockModelErrorLogSigma { get; init; } = 0.70;
    /// <summary>A source is detected when the lower end of its noise-only (bootstrap) interval is above this rate.</summary>
    public double DetectionFloorKgPerHour { get; init; } = 0.1;
    /// <summary>Share of a block's windows that must be valid for the block to have a valid estimate.</summary>
    public double MinBlockValidShare { get; init; } = 0.5;
    /// <summary>Local solar time = UTC + this; used to tell night from day for the stability class.</summary>
    public double UtcOffsetHours { get; init; } = 0;
    public int Seed { get; init; } = 12345;
    /// <summary>At most this many sources per window (greedy selection); ≥ the number of sources turns selection off.</summary>
    public int MaxSources { get; init; } = 3;
    /// <summary>Multiplier of the BIC penalty ln N a further source must pay for (1 = plain BIC; 3 chosen on a 100-release tuning run, seed 1, to hold false positives down — README.md).</summary>
    public double SelectionPenalty { get; init; } = 3;
    /// <summary>Evaluate each reading's plume with the wind of the minutes its gas left the source (travel time + sensor response).</summary>
    public bool TimeResolved { get; init; } = true;
    /// <summary>The sensor's first-order response time (s), from its characterisation; 0 = travel time only.</summary>
    public double SensorResponseSeconds { get; init; } = 0;
    /// <summary>A source whose coupling in the window would leave its rate uncertain by more than this (noise σ / ‖a‖, kg/h) is not observable and not selected.</summary>
    public double MaxRateStandardErrorKgPerHour { get; init; } = 2;
    /// <summary>Sources are selected on the window plus this many minutes either side (0 = the window alone); rates come from the window.</summary>
    public int SelectionContextMinutes { get; init; } = 60;
}
