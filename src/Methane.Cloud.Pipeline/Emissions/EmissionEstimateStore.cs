using System.Globalization;
using Methane.Emissions.Inversion;

namespace Methane.Cloud.Pipeline.Emissions;

/// <summary>One stored estimate: a 15-minute window or a 12-hour block of one candidate source of one site.</summary>
public sealed record StoredEstimate(string Site, string Source, string Kind, DateTimeOffset WindowStart, DateTimeOffset WindowEnd,
    double? RateKgPerHour, double? LowerKgPerHour, double? UpperKgPerHour, bool Detected, string? Reason);

/// <summary>
/// The <c>emission_estimates</c> table in the pipeline's DuckDB: site, source, kind (<c>window</c> = 15 minutes,
/// <c>block</c> = 12 hours), window, rate kg/h with its 90 % interval, detected, and the reason when there is no valid
/// estimate (then rate and interval are NULL). Re-running a window replaces its rows.
/// </summary>
public sealed class EmissionEstimateStore
{
    public const string WindowKind = "window";
    public const string BlockKind = "block";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS emission_estimates (
          site VARCHAR NOT NULL, source VARCHAR NOT NULL, kind VARCHAR NOT NULL,
          window_start_ms BIGINT NOT NULL, window_end_ms BIGINT NOT NULL,
          rate_kg_h DOUBLE, lower_kg_h DOUBLE, upper_kg_h DOUBLE, detected BOOLEAN NOT NULL, reason VARCHAR,
          computed_ms BIGINT NOT NULL,
          PRIMARY KEY (site, source, kind, window_start_ms));
        """;

    private readonly DuckDbStore _db;

    public EmissionEstimateStore(DuckDbStore db)
    {
        _db = db;
        _db.Execute(Schema);
    }

    public void Write(IEnumerable<EmissionEstimate> estimates, string kind, DateTimeOffset computedAt)
    {
        if (kind != WindowKind && kind != BlockKind) throw new ArgumentException($"kind = \"{kind}\": expected \"{WindowKind}\" or \"{BlockKind}\"", nameof(kind));
        var values = new List<string>();
        foreach (EmissionEstimate e in estimates)
        {
            if (e.Valid != (e.RateKgPerHour != null)) throw new ArgumentException($"estimate {e.SiteId}/{e.Source} at {e.WindowStart:O}: a valid estimate has a rate and no reason, an invalid one a reason and no rate");
            values.Add(string.Join(", ", Text(e.SiteId), Text(e.Source), Text(kind), e.WindowStart.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                e.WindowEnd.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), Number(e.RateKgPerHour), Number(e.LowerKgPerHour), Number(e.UpperKgPerHour),
                e.Detected ? "TRUE" : "FALSE", e.Reason == null ? "NULL" : Text(e.Reason), computedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
        }
        if (values.Count == 0) return;
        _db.Execute("INSERT OR REPLACE INTO emission_estimates VALUES (" + string.Join("), (", values) + ");");
    }

    public IReadOnlyList<StoredEstimate> Read(string site, string? kind = null) => _db.Query(
        $"SELECT site, source, kind, window_start_ms, window_end_ms, rate_kg_h, lower_kg_h, upper_kg_h, detected, reason FROM emission_estimates " +
        $"WHERE site = {Text(site)}" + (kind == null ? "" : $" AND kind = {Text(kind)}") + " ORDER BY window_start_ms, kind, source",
        r => new StoredEstimate(r.GetString(0), r.GetString(1), r.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)), r.IsDBNull(5) ? null : r.GetDouble(5), r.IsDBNull(6) ? null : r.GetDouble(6),
            r.IsDBNull(7) ? null : r.GetDouble(7), r.GetBoolean(8), r.IsDBNull(9) ? null : r.GetString(9)));

    private static string Text(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Number(double? v) => v switch
    {
        null => "NULL",
        double d when double.IsFinite(d) => d.ToString("R", CultureInfo.InvariantCulture),
        double d => throw new ArgumentException($"rate = {d}: expected a finite number"),
    };
}
