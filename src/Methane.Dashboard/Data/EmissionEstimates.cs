using System.Globalization;
using Methane.Cloud.Pipeline;

namespace Methane.Dashboard.Data;

/// <summary>One row of the pipeline's <c>emission_estimates</c> table (one candidate source of one window or block).</summary>
public sealed record EstimateRow(string Source, string Kind, long WindowStartMs, long WindowEndMs, double? RateKgPerHour,
    double? LowerKgPerHour, double? UpperKgPerHour, bool Detected, string? Reason);

/// <summary>A window or block: the rows of its candidate sources, and what they say in one line.</summary>
public sealed record EstimateWindow(string Kind, long WindowStartMs, long WindowEndMs, IReadOnlyList<EstimateRow> Sources)
{
    /// <summary>
    /// The detected source(s) with rate and 90 % interval ("separator-2: 2.1 kg/h (1.6–2.7)"); else "no emission
    /// detected" when some source has a valid estimate; else "no valid estimate: " and the reasons.
    /// </summary>
    public string Summary
    {
        get
        {
            var detected = Sources.Where(s => s.Detected && s.RateKgPerHour is not null).ToList();
            if (detected.Count > 0)
                return string.Join("; ", detected.Select(s => $"{s.Source}: {Kg(s.RateKgPerHour)} kg/h ({Kg(s.LowerKgPerHour)}–{Kg(s.UpperKgPerHour)})"));
            if (Sources.Any(s => s.Reason is null)) return "no emission detected";
            return "no valid estimate: " + string.Join("; ", Sources.Select(s => s.Reason).Distinct(StringComparer.Ordinal));
        }
    }

    private static string Kg(double? v) => v?.ToString("F1", CultureInfo.InvariantCulture) ?? "?";
}

/// <summary>
/// Reads the emission estimates of a site. A store written before the pipeline had the emission job has no
/// <c>emission_estimates</c> table: then there is nothing to show (null), not an error.
/// </summary>
public sealed class EmissionEstimates(StoreSource source)
{
    public const string WindowKind = "window";
    public const string BlockKind = "block";

    private DuckDbStore Store => source.Current ?? throw new StoreUnavailableException();

    public bool Available() =>
        Store.Query("SELECT 1 FROM duckdb_tables() WHERE table_name = 'emission_estimates' AND schema_name = 'main'", r => 1).Count > 0;

    /// <summary>The newest <paramref name="count"/> windows (or blocks) of the site, newest first; null without the table.</summary>
    public IReadOnlyList<EstimateWindow>? Latest(string site, string kind, int count)
    {
        if (!Available()) return null;
        var rows = Store.Query($"""
            SELECT source, kind, window_start_ms, window_end_ms, rate_kg_h, lower_kg_h, upper_kg_h, detected, reason
            FROM emission_estimates
            WHERE site = {Identifiers.Sql(site)} AND kind = {Identifiers.Sql(kind)} AND window_start_ms IN (
              SELECT DISTINCT window_start_ms FROM emission_estimates WHERE site = {Identifiers.Sql(site)} AND kind = {Identifiers.Sql(kind)}
              ORDER BY window_start_ms DESC LIMIT {count})
            ORDER BY window_start_ms DESC, source
            """, r => new EstimateRow(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), Dbl(r, 4), Dbl(r, 5), Dbl(r, 6),
                r.GetBoolean(7), r.IsDBNull(8) ? null : r.GetString(8)));
        return rows.GroupBy(r => (r.WindowStartMs, r.WindowEndMs))
            .Select(g => new EstimateWindow(kind, g.Key.WindowStartMs, g.Key.WindowEndMs, g.ToList())).ToList();
    }

    private static double? Dbl(System.Data.Common.DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
}
