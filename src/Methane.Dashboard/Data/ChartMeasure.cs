using Methane.Telemetry;

namespace Methane.Dashboard.Data;

/// <summary>
/// What the CH4 chart plots. A telemetry v2 gas sensor sends two methane values: <c>ch4_ppm</c>, the safety path (TGS2611
/// high-range curve, ~150 ppm in clean air, what the alarms use), and <c>ch4_amb_ppm</c>, absolute ppm near the ~2 ppm
/// background (NULL above the ambient range), where a leak at emission scale shows as tenths of a ppm. %LEL is the pipeline's
/// <c>derived_lel_pct</c> (from ch4_ppm).
/// </summary>
/// <param name="CsvColumn">The measure's column in the CSV download.</param>
public sealed record ChartMeasure(string Name, string Label, string Unit, string CsvColumn, string ValueSql)
{
    /// <summary>The ambient value of a reading without an invalid-measurement flag (the emission job's rule).</summary>
    public static readonly ChartMeasure Ambient = new("ambient", "ambient (ppm, near 2 ppm)", "ppm", "ch4_amb_ppm",
        $"CASE WHEN (flags & {TelemetryFlags.InvalidMask}) = 0 THEN ch4_amb_ppm END");

    public static readonly ChartMeasure Ppm = new("ppm", "safety path (ppm)", "ppm", "ch4_ppm",
        "CASE WHEN quality <> 'invalid' THEN ch4_ppm END");

    public static readonly ChartMeasure Lel = new("lel", "%LEL", "%LEL", "lel_pct",
        "CASE WHEN quality <> 'invalid' THEN derived_lel_pct END");

    public static readonly IReadOnlyList<ChartMeasure> All = [Ambient, Ppm, Lel];

    /// <summary>The CSV's measure choice besides the chart's: every measure column.</summary>
    public const string AllColumns = "all";

    public static ChartMeasure? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    public static string Expected => string.Join(", ", All.Select(m => m.Name));
}
