using System.Globalization;
using System.Text.Json;
using Methane.Cloud.Enrichment;
using Methane.Emissions.Geometry;
using Methane.Emissions.Jobs;

namespace Methane.Cloud.Function.Emissions;

/// <summary>
/// The one query the inversion reads the store with, and its answer. InfluxQL over the v1-compatible HTTP query API
/// (<c>GET /query?db=…&amp;epoch=ms&amp;q=…</c>), which Timestream for InfluxDB serves in both engines: InfluxDB 2.x (the
/// database is the bucket's DBRP mapping, deployment guide step 2.4) and InfluxDB 3. The answer is the documented JSON:
/// <c>{"results":[{"statement_id":0,"series":[{"name":"methane","tags":{"thing":"…"},"columns":["time",…],"values":[[ms,…],…]}]}]}</c>,
/// an <c>"error"</c> in a result or at the top level when the query failed.
/// </summary>
public static class InfluxReadingsQuery
{
    /// <summary>
    /// The site's readings in [start, end): the fields of <see cref="StoredReadings.Fields"/> from the measurement the store
    /// rules write, one series per thing. Site ids and thing names are checked to <c>[A-Za-z0-9_-]</c> on the way in; the
    /// literal is escaped all the same.
    /// </summary>
    public static string Text(SiteGeometry site, DateTimeOffset start, DateTimeOffset end) =>
        $"SELECT {string.Join(", ", StoredReadings.Fields.Select(f => $"\"{f}\""))} FROM \"{StoredFields.InfluxMeasurement}\" " +
        $"WHERE \"site\" = '{Escape(site.SiteId)}' AND time >= '{Rfc3339(start)}' AND time < '{Rfc3339(end)}' GROUP BY \"thing\"";

    /// <summary>The query string parameters of the request (besides <c>q</c>): the database and epoch milliseconds for <c>time</c>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parameters(string database, string query) =>
        [new("db", database), new("epoch", "ms"), new("q", query)];

    /// <summary>The rows of a query answer; a failed query throws with InfluxDB's message.</summary>
    public static IReadOnlyList<StoredReadingRow> Parse(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement root = doc.RootElement;
        if (root.TryGetProperty("error", out JsonElement topError)) throw new InfluxQueryException(topError.GetString() ?? topError.GetRawText());
        var rows = new List<StoredReadingRow>();
        foreach (JsonElement result in root.GetProperty("results").EnumerateArray())
        {
            if (result.TryGetProperty("error", out JsonElement error)) throw new InfluxQueryException(error.GetString() ?? error.GetRawText());
            if (!result.TryGetProperty("series", out JsonElement series)) continue;   // no readings in the range
            foreach (JsonElement s in series.EnumerateArray())
            {
                string thing = s.GetProperty("tags").GetProperty("thing").GetString()
                    ?? throw new InfluxQueryException("a series without the tag thing");
                var columns = s.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
                int Column(string name) => columns.IndexOf(name);
                int time = Column("time");
                if (time < 0) throw new InfluxQueryException("a series without the column time");
                int[] field = StoredReadings.Fields.Select(Column).ToArray();
                foreach (JsonElement v in s.GetProperty("values").EnumerateArray())
                {
                    double? F(int i) => field[i] >= 0 && v[field[i]].ValueKind == JsonValueKind.Number ? v[field[i]].GetDouble() : null;
                    string? S(int i) => field[i] >= 0 && v[field[i]].ValueKind == JsonValueKind.String ? v[field[i]].GetString() : null;
                    rows.Add(new StoredReadingRow(thing, v[time].GetInt64(), F(0), F(1), F(2) is double flags ? (int)flags : 0, F(3), F(4), F(5),
                        S(6), F(7), F(8) is double windFlags ? (int)windFlags : null));
                }
            }
        }
        return rows;
    }

    private static string Rfc3339(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Escape(string literal) => literal.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
}

/// <summary>InfluxDB answered a query with an error.</summary>
public sealed class InfluxQueryException(string message) : Exception("InfluxDB query failed: " + message);
