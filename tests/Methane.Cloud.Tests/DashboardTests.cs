using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Methane.Cloud.Infrastructure;
using Methane.Cloud.Pipeline;

namespace Methane.Cloud.Tests;

/// <summary>Every dashboard query must name measures and dimensions that the IoT rule (and the local pipeline) actually write.</summary>
public partial class DashboardTests
{
    private static string DashboardDir => Path.Combine(
        typeof(DashboardTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!,
        "src", "Methane.Cloud.Infrastructure", "dashboards");

    private static IEnumerable<(string Panel, string Query)> Queries(string file, string key)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(DashboardDir, file)));
        var list = new List<(string, string)>();
        foreach (JsonElement panel in doc.RootElement.GetProperty("panels").EnumerateArray())
            foreach (JsonElement target in panel.GetProperty("targets").EnumerateArray())
                list.Add((panel.GetProperty("title").GetString()!, target.GetProperty(key).GetString()!));
        return list;
    }

    private static readonly HashSet<string> Measures = MethaneBackendStack.StoredMeasures.ToHashSet();
    private static readonly HashSet<string> Dimensions = MethaneBackendStack.StoredDimensions.ToHashSet();

    [Fact]
    public void Dashboards_cover_ch4_lel_alarms_and_health_with_5m_1h_6h_ranges()
    {
        foreach (string file in new[] { "methane-liveanalytics.json", "methane-influxdb.json" })
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(DashboardDir, file)));
            string[] titles = doc.RootElement.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("title").GetString()!).ToArray();
            Assert.Contains(titles, t => t.StartsWith("CH4 per device", StringComparison.Ordinal));
            Assert.Contains(titles, t => t.StartsWith("%LEL per device", StringComparison.Ordinal));
            Assert.Contains(titles, t => t.StartsWith("Alarms", StringComparison.Ordinal));
            Assert.Contains(titles, t => t.StartsWith("Device health", StringComparison.Ordinal));
            string[] ranges = doc.RootElement.GetProperty("timepicker").GetProperty("time_options").EnumerateArray().Select(e => e.GetString()!).ToArray();
            Assert.Equal(new[] { "5m", "1h", "6h" }, ranges);
        }
    }

    [Fact]
    public void LiveAnalytics_queries_name_written_measures_and_dimensions()
    {
        var queries = Queries("methane-liveanalytics.json", "rawQuery").ToList();
        Assert.True(queries.Count >= 5);
        foreach (var (panel, sql) in queries)
        {
            var named = new HashSet<string>();
            foreach (Match m in MeasureClause().Matches(sql))
                foreach (Match q in Quoted().Matches(m.Groups[1].Value)) named.Add(q.Groups[1].Value);
            Assert.True(named.Count > 0, $"{panel}: no measure_name in {sql}");
            Assert.True(named.IsSubsetOf(Measures), $"{panel}: measures {string.Join(",", named)} not all written by the rule");
            var dims = DimensionUse().Matches(sql).Select(m => m.Groups[1].Value).ToHashSet();
            Assert.Contains("thing", dims);
            Assert.Contains("site", dims);
            Assert.True(dims.IsSubsetOf(Dimensions));
        }
    }

    [Fact]
    public void InfluxDb_queries_name_only_written_fields_and_tags()
    {
        var queries = Queries("methane-influxdb.json", "rawSql").ToList();
        Assert.True(queries.Count >= 5);
        var sqlWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "select", "from", "where", "and", "group", "by", "order", "as", "date_bin", "interval", "avg", "max", "min", "count", "filter", "distinct", "time",
        };
        foreach (var (panel, sql) in queries)
        {
            Assert.Contains($"FROM \"{MethaneBackendStack.InfluxMeasurement}\"", sql);
            // Output aliases (AS x) are names the query makes up, not fields it reads.
            string stripped = Alias().Replace(Placeholders().Replace(sql.Replace($"\"{MethaneBackendStack.InfluxMeasurement}\"", " "), " "), " ");
            string[] identifiers = Identifier().Matches(stripped).Select(m => m.Value).Where(w => !sqlWords.Contains(w) && !char.IsDigit(w[0])).Distinct().ToArray();
            string[] unknown = identifiers.Where(i => !Measures.Contains(i) && !Dimensions.Contains(i)).ToArray();
            Assert.True(unknown.Length == 0, $"{panel}: {string.Join(",", unknown)} not written by the InfluxDB action");
            Assert.Contains(identifiers, Measures.Contains);
            Assert.Contains("thing", identifiers);
        }
    }

    [Fact]
    public void The_local_store_has_every_measure_the_rule_writes()
    {
        string dir = TestData.TempDir();
        using (var store = new DuckDbStore(Path.Combine(dir, "columns.duckdb")))
        {
            var columns = store.Query("SELECT column_name FROM information_schema.columns WHERE table_name = 'readings'", r => r.GetString(0)).ToHashSet();
            Assert.Superset(Measures.Concat(Dimensions).ToHashSet(), columns);
        }
        Directory.Delete(dir, recursive: true);
    }

    [GeneratedRegex(@"measure_name\s*(?:=|IN)\s*\(?((?:\s*'[^']*'\s*,?)+)\)?", RegexOptions.IgnoreCase)]
    private static partial Regex MeasureClause();

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\b(thing|site|device|sensor|location)\b")]
    private static partial Regex DimensionUse();

    [GeneratedRegex(@"\$\{?__?\w+\}?(\([^)]*\))?|'[^']*'|\$\{\w+\}")]
    private static partial Regex Placeholders();

    [GeneratedRegex(@"\bAS\s+\w+", RegexOptions.IgnoreCase)]
    private static partial Regex Alias();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifier();
}
