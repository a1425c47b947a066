using Methane.Emissions.Dispersion;
using Methane.Emissions.Geometry;

namespace Methane.Emissions.Inversion;

/// <summary>The inversion of one window: per-source rate, interval, detection and bootstrap replicates, or a reason.</summary>
public sealed class WindowResult
{
    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset End { get; init; }
    public string? Reason { get; init; }
    public double[] Rate { get; init; } = [];
    public double[] Lower { get; init; } = [];
    public double[] Upper { get; init; } = [];
    public bool[] Detected { get; init; } = [];
    /// <summary>[replicate][source] bootstrap rates (kg/h), kept for 12-hour block intervals.</summary>
    public double[][] Bootstrap { get; init; } = [];
    public double MeanWindSpeedMs { get; init; } = double.NaN;
    public StabilityClass? Stability { get; init; }
    public int Observations { get; init; }
    public bool Valid => Reason == null;

    public IEnumerable<EmissionEstimate> ToEstimates(SiteGeometry site)
    {
        for (int j = 0; j < site.Sources.Count; j++)
        {
            yield return Valid
                ? new EmissionEstimate(site.SiteId, site.Sources[j].Name, Rate[j], Lower[j], Upper[j], Start, End, Detected[j], null)
                : new EmissionEstimate(site.SiteId, site.Sources[j].Name, null, null, null, Start, End, false, Reason);
        }
    }
}
