using System.Text;
using Methane.Cloud.Enrichment;
using Methane.Cloud.Pipeline.Rules;
using Methane.Cloud.Tests.Function;

namespace Methane.Cloud.Tests;

/// <summary>
/// Schema-v2 readings through the store rules: a gas reading's ambient group and a met reading's wind group and role reach
/// InfluxDB and LiveAnalytics, live and in a batch. The expected points and records are written out by hand from the
/// messages below and the AWS IoT documentation of each action (the InfluxDB action: integers with an <c>i</c>, strings
/// quoted, nulls and unselected fields left out; the Timestream action: one record per selected attribute, the literal's type).
/// </summary>
public class V2StoreRuleTests
{
    private const string GasTopic = "dt/methane/site-north/north-01/telemetry";
    private const string MetTopic = "dt/methane/site-north/north-met/telemetry";
    private const long T0 = 1_767_225_600_000;

    // A compact v2 gas reading: only the ambient group; the raw diagnostics (adc_raw, rs_ohm) are archived, not stored.
    private const string Gas =
        """{"v":2,"thing":"north-01","site":"site-north","seq":11,"timestamp":1767225600000,"ch4_ppm":152.3,"lel_pct":0.305,"temp_c":18.25,"rh_pct":55.5,"adc_raw":10432,"rs_ohm":48211.5,"role":"gas","ch4_amb_ppm":2.104,"ch4_bg_ppm":1.950,"ch4_enh_ppm":0.154,"ch4_sigma_ppm":0.05,"ch4_bg_flags":0,"ch4_enh_flags":0,"alarm":0,"flags":0,"fw":"1.2.0"}""";

    // A compact v2 met reading: the wind group, no methane (null), the vane voltage archived only.
    private const string Met =
        """{"v":2,"thing":"north-met","site":"site-north","seq":5,"timestamp":1767225660000,"ch4_ppm":null,"lel_pct":null,"temp_c":21.50,"rh_pct":40.20,"role":"met","wind_speed_ms":3.42,"wind_gust_ms":5.36,"wind_dir_deg":247.5,"wind_sigma_deg":12.3,"wind_samples":60,"wind_flags":0,"wind_pulses":4321,"vane_v":1.234,"alarm":0,"flags":0,"fw":"1.2.0"}""";

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void A_live_v2_gas_reading_stores_its_ambient_group_and_role()
    {
        InfluxPoint point = Assert.Single(CloudRuleProjections.InfluxLive(GasTopic, Bytes(Gas), T0));
        Assert.Equal("methane,site=site-north,thing=north-01 alarm=0i,ch4_amb_ppm=2.104,ch4_bg_flags=0i,ch4_bg_ppm=1.950,ch4_enh_flags=0i,ch4_enh_ppm=0.154," +
            "ch4_ppm=152.3,ch4_sigma_ppm=0.05,flags=0i,lel_pct=0.305,rh_pct=55.5,role=\"gas\",seq=11i,temp_c=18.25 1767225600000", point.ToLineProtocol());

        static TimestreamRecord R(string name, string value, string type) => new("site-north", "site-north", "north-01", name, value, type, 1767225600000);
        Assert.Equal(new[]
        {
            R("ch4_ppm", "152.3", "DOUBLE"), R("lel_pct", "0.305", "DOUBLE"), R("temp_c", "18.25", "DOUBLE"), R("rh_pct", "55.5", "DOUBLE"),
            R("alarm", "0", "BIGINT"), R("flags", "0", "BIGINT"), R("seq", "11", "BIGINT"), R("role", "gas", "VARCHAR"),
            R("ch4_amb_ppm", "2.104", "DOUBLE"), R("ch4_bg_ppm", "1.950", "DOUBLE"), R("ch4_enh_ppm", "0.154", "DOUBLE"), R("ch4_sigma_ppm", "0.05", "DOUBLE"),
            R("ch4_bg_flags", "0", "BIGINT"), R("ch4_enh_flags", "0", "BIGINT"),
        }, CloudRuleProjections.LiveAnalyticsLive(GasTopic, Bytes(Gas), T0));
    }

    [Fact]
    public void A_live_v2_met_reading_stores_its_wind_group_and_role_and_no_methane()
    {
        InfluxPoint point = Assert.Single(CloudRuleProjections.InfluxLive(MetTopic, Bytes(Met), T0));
        Assert.Equal("methane,site=site-north,thing=north-met alarm=0i,flags=0i,rh_pct=40.20,role=\"met\",seq=5i,temp_c=21.50,wind_dir_deg=247.5," +
            "wind_flags=0i,wind_gust_ms=5.36,wind_pulses=4321i,wind_samples=60i,wind_sigma_deg=12.3,wind_speed_ms=3.42 1767225660000", point.ToLineProtocol());

        static TimestreamRecord R(string name, string value, string type) => new("site-north", "site-north", "north-met", name, value, type, 1767225660000);
        Assert.Equal(new[]
        {
            R("temp_c", "21.50", "DOUBLE"), R("rh_pct", "40.20", "DOUBLE"), R("alarm", "0", "BIGINT"), R("flags", "0", "BIGINT"), R("seq", "5", "BIGINT"),
            R("role", "met", "VARCHAR"), R("wind_speed_ms", "3.42", "DOUBLE"), R("wind_gust_ms", "5.36", "DOUBLE"), R("wind_dir_deg", "247.5", "DOUBLE"),
            R("wind_sigma_deg", "12.3", "DOUBLE"), R("wind_samples", "60", "BIGINT"), R("wind_flags", "0", "BIGINT"), R("wind_pulses", "4321", "BIGINT"),
        }, CloudRuleProjections.LiveAnalyticsLive(MetTopic, Bytes(Met), T0));
    }

    [Fact]
    public void A_v1_reading_stores_exactly_the_v1_measures()
    {
        string v1 = FunctionHarness.Reading("site-north", "north-01", 3, T0, 4.5, 0.009, 20, 40, 0, 0);
        InfluxPoint point = Assert.Single(CloudRuleProjections.InfluxLive(GasTopic, Bytes(v1), T0));
        Assert.Equal(new[] { "alarm", "ch4_ppm", "flags", "lel_pct", "rh_pct", "seq", "temp_c" }, point.Fields.Keys);
        Assert.Equal(7, CloudRuleProjections.LiveAnalyticsLive(GasTopic, Bytes(v1), T0).Count);
    }

    [Fact]
    public void The_rules_command_shows_the_v2_fields_each_rule_writes()
    {
        string file = Path.Combine(TestData.TempDir(), "met.json");
        File.WriteAllText(file, Met);
        var output = new StringWriter();
        Assert.Equal(0, RulesCommand.Run(new Dictionary<string, string> { ["topic"] = MetTopic, ["payload"] = file, ["received-ms"] = "1767225661000" }, output));
        string text = output.ToString();
        Assert.Contains("  methane,site=site-north,thing=north-met alarm=0i,flags=0i,rh_pct=40.20,role=\"met\",seq=5i,temp_c=21.50,wind_dir_deg=247.5,", text);
        Assert.Contains("LiveAnalytics site-north: role=met (VARCHAR) site=site-north thing=north-met time=1767225660000", text);
        Assert.Contains("LiveAnalytics site-north: wind_sigma_deg=12.3 (DOUBLE) site=site-north thing=north-met time=1767225660000", text);
        Assert.Contains($"InfluxDB  SELECT timestamp, {string.Join(", ", StoredFields.Measures)} FROM 'dt/methane/+/+/telemetry'", text);
    }

    private static string Batch(params string[] readings) => "[" + string.Join(",", readings) + "]";

    /// <summary>The next reading of the same device: sequence number and timestamp moved on, the rest as it was.</summary>
    private static string Next(string reading, int seqFrom, int seqTo, long tsFrom, long tsTo) =>
        reading.Replace($"\"seq\":{seqFrom},", $"\"seq\":{seqTo},").Replace($"\"timestamp\":{tsFrom},", $"\"timestamp\":{tsTo},");

    [Fact]
    public async Task InfluxDb_v2_readings_in_a_batch_are_stored_as_the_same_points_as_live()
    {
        string gas2 = Next(Gas, 11, 12, 1767225600000, 1767225605000), met2 = Next(Met, 5, 6, 1767225660000, 1767225666000);
        using var h = new FunctionHarness("influxdb");
        Assert.False((await h.SendBatch("dt/methane/site-north/north-01/batch", Batch(Gas, gas2), T0 + 600_000)).IsError);
        Assert.False((await h.SendBatch("dt/methane/site-north/north-met/batch", Batch(Met, met2), T0 + 600_000)).IsError);
        Assert.Empty(h.Aws.SignatureFailures);

        var live = new[] { (GasTopic, Gas), (GasTopic, gas2), (MetTopic, Met), (MetTopic, met2) }
            .SelectMany(m => CloudRuleProjections.InfluxLive(m.Item1, Bytes(m.Item2), T0)).Select(p => p.ToLineProtocol()).Order(StringComparer.Ordinal).ToList();
        var batch = h.Aws.Published.SelectMany(p => CloudRuleProjections.InfluxValidatedBatch(p.Topic, p.Payload, T0)).Select(p => p.ToLineProtocol()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(4, batch.Count);
        Assert.Equal(live, batch);
        Assert.Contains(batch, l => l.StartsWith("methane,site=site-north,thing=north-met ", StringComparison.Ordinal) && l.Contains("role=\"met\",seq=6i,") && l.EndsWith(" 1767225666000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LiveAnalytics_v2_readings_in_a_batch_are_stored_as_the_same_records_as_live()
    {
        string gas2 = Next(Gas, 11, 12, 1767225600000, 1767225605000), met2 = Next(Met, 5, 6, 1767225660000, 1767225666000);
        using var h = new FunctionHarness("liveanalytics");
        Assert.False((await h.SendBatch("dt/methane/site-north/north-01/batch", Batch(Gas, gas2), T0 + 600_000)).IsError);
        Assert.False((await h.SendBatch("dt/methane/site-north/north-met/batch", Batch(Met, met2), T0 + 600_000)).IsError);
        Assert.Empty(h.Aws.SignatureFailures);

        static string Key(TimestreamRecord r) => $"{r.Table}|{r.Site}|{r.Thing}|{r.TimeMs}|{r.MeasureName}|{r.MeasureValueType}|{r.MeasureValue}";
        var live = new[] { (GasTopic, Gas), (GasTopic, gas2), (MetTopic, Met), (MetTopic, met2) }
            .SelectMany(m => CloudRuleProjections.LiveAnalyticsLive(m.Item1, Bytes(m.Item2), T0)).Select(Key).Order(StringComparer.Ordinal).ToList();
        var batch = h.Aws.WriteRecords.SelectMany(StorePoints.FromWriteRecords).Select(Key).Order(StringComparer.Ordinal).ToList();
        // 14 records per gas reading, 13 per met reading.
        Assert.Equal(2 * 14 + 2 * 13, batch.Count);
        Assert.Equal(live, batch);
        Assert.Contains("site-north|site-north|north-met|1767225666000|role|VARCHAR|met", batch);
    }
}
