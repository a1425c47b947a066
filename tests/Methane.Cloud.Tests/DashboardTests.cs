using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Methane.Cloud.Infrastructure;
using Methane.Cloud.Pipeline;
using Methane.Cloud.Pipeline.Rules;

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
    public void InfluxDb_influxql_queries_name_only_what_the_rules_write()
    {
        // What the InfluxDB action actually writes, from the rule projection of a v2 gas and a v2 met reading with every stored field set.
        const string gas = """{"v":2,"thing":"d","site":"s","seq":1,"timestamp":1767225600000,"ch4_ppm":1.5,"lel_pct":0.003,"temp_c":20.5,"rh_pct":40.5,"role":"gas","ch4_amb_ppm":2.1,"ch4_bg_ppm":1.9,"ch4_enh_ppm":0.2,"ch4_sigma_ppm":0.05,"ch4_bg_flags":0,"ch4_enh_flags":0,"alarm":0,"flags":0,"fw":"1.0.0"}""";
        const string met = """{"v":2,"thing":"m","site":"s","seq":1,"timestamp":1767225600000,"ch4_ppm":null,"lel_pct":null,"temp_c":20.5,"rh_pct":40.5,"role":"met","wind_speed_ms":3.1,"wind_gust_ms":4.2,"wind_dir_deg":250.5,"wind_sigma_deg":12.5,"wind_samples":60,"wind_flags":0,"wind_pulses":1234,"alarm":0,"flags":0,"fw":"1.0.0"}""";
        var points = new[] { ("d", gas), ("m", met) }.Select(m => Assert.Single(CloudRuleProjections.InfluxLive($"dt/methane/s/{m.Item1}/telemetry", System.Text.Encoding.UTF8.GetBytes(m.Item2), 0))).ToList();
        var written = points.SelectMany(p => p.Fields.Keys.Concat(p.Tags.Keys).Append(p.Measurement)).ToHashSet();
        Assert.Equal(Measures.Concat(Dimensions).Append(MethaneBackendStack.InfluxMeasurement).ToHashSet(), written);

        var queries = Queries("methane-influxdb.json", "query").ToList();
        Assert.True(queries.Count >= 6);
        foreach (var (panel, q) in queries)
        {
            Assert.Matches(@"^SELECT .+ FROM ""methane"" WHERE .*\$timeFilter.* GROUP BY ", q);
            Assert.Contains("\"site\" = '${site}'", q);
            Assert.Contains("\"thing\"", q);
            // Every double-quoted identifier is the measurement, a written field or tag, or the query's own output alias.
            var aliases = InfluxAlias().Matches(q).Select(m => m.Groups[1].Value).ToHashSet();
            var named = DoubleQuoted().Matches(q).Select(m => m.Groups[1].Value).Where(n => !aliases.Contains(n) || written.Contains(n)).ToHashSet();
            Assert.True(named.IsSubsetOf(written), $"{panel}: {string.Join(",", named.Except(written))} not written by the InfluxDB rules");
            Assert.Contains(named, Measures.Contains);
        }
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(DashboardDir, "methane-influxdb.json")));
        string siteVariable = doc.RootElement.GetProperty("templating").GetProperty("list")[1].GetProperty("query").GetString()!;
        Assert.Equal("SHOW TAG VALUES FROM \"methane\" WITH KEY = \"site\"", siteVariable);
    }

    [GeneratedRegex(@"AS ""([^""]+)""")]
    private static partial Regex InfluxAlias();

    [GeneratedRegex(@"""([^""]+)""")]
    private static partial Regex DoubleQuoted();

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
}
