using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;
using Methane.Emissions.Jobs;

namespace Methane.Cloud.Pipeline.Emissions;

/// <summary>
/// Builds the inversion's 1-minute <see cref="ObservationSeries"/> for one site from the <c>readings</c> table: the
/// site's sensors' and met station's rows, turned into observations by the shared rule of <see cref="StoredReadings"/>
/// (the cloud function applies the same rule to InfluxDB rows). A store without the v2 columns (files older than issue
/// 12's telemetry v2) reads them as NULL: no ambient values and no met data, so every window then says "no met data"
/// rather than giving a number.
/// </summary>
public static class StoredObservations
{
    public static ObservationSeries Load(DuckDbStore db, SiteGeometry site, DateTimeOffset start, int minutes)
    {
        var obs = new ObservationSeries(site, start, minutes);
        long from = start.ToUnixTimeMilliseconds(), to = start.AddMinutes(minutes).ToUnixTimeMilliseconds();
        string things = string.Join(", ", StoredReadings.Things(site).Select(Literal));
        var present = Columns(db);
        string Column(string name) => present.Contains(name) ? name : "NULL";
        string fields = string.Join(", ", StoredReadings.Fields.Select(Column));
        StoredReadings.AddAll(obs, db.Query(
            $"SELECT thing, event_ms, {fields} FROM readings WHERE site = {Literal(site.SiteId)} AND thing IN ({things}) " +
            $"AND event_ms >= {from} AND event_ms < {to} ORDER BY event_ms",
            r => new StoredReadingRow(r.GetString(0), r.GetInt64(1), Double(r, 2), Double(r, 3), Int(r, 4) ?? 0,
                Double(r, 5), Double(r, 6), Double(r, 7), r.IsDBNull(8) ? null : Convert.ToString(r.GetValue(8), System.Globalization.CultureInfo.InvariantCulture),
                Double(r, 9), Int(r, 10))));
        return obs;
    }

    private static double? Double(System.Data.Common.DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToDouble(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);

    private static int? Int(System.Data.Common.DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToInt32(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);

    private static HashSet<string> Columns(DuckDbStore db) =>
        db.Query("SELECT column_name FROM information_schema.columns WHERE table_name = 'readings'", r => r.GetString(0)).ToHashSet(StringComparer.Ordinal);

    private static string Literal(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
}
