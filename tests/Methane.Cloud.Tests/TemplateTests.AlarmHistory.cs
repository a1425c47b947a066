using System.Text.Json;

namespace Methane.Cloud.Tests;

/// <summary>The alarm-history rule in both synthesized templates (part of <see cref="TemplateTests"/>: one shared synthesis).</summary>
public partial class TemplateTests
{
    [Fact]
    public void InfluxDb_alarm_history_writes_every_alarm_event_to_its_own_measurement()
    {
        JsonElement rule = Rule(_t.InfluxDbJson, "methane_alarm_history");
        Assert.Equal("SELECT timestamp, event, alarm, previous, ch4_ppm, lel_pct, rise_ppm_min, flags FROM 'dt/methane/+/+/alarm'", rule.GetProperty("Sql").GetString());
        JsonElement influx = rule.GetProperty("Actions")[0].GetProperty("InfluxDB");
        Assert.Equal("methane_alarm", influx.GetProperty("TableName").GetString());
        Assert.Equal("${topic(3)}", influx.GetProperty("Tags").GetProperty("site").GetString());
        Assert.Equal("${topic(4)}", influx.GetProperty("Tags").GetProperty("thing").GetString());
        Assert.Equal("ms", influx.GetProperty("TimestampUnit").GetString());
    }

    [Fact]
    public void LiveAnalytics_alarm_history_goes_to_the_site_table_under_record_methane_alarm()
    {
        JsonElement rule = Rule(_t.LiveAnalyticsJson, "methane_alarm_history");
        Assert.Equal("SELECT event, alarm, previous, ch4_ppm, lel_pct, rise_ppm_min, flags FROM 'dt/methane/+/+/alarm'", rule.GetProperty("Sql").GetString());
        JsonElement ts = rule.GetProperty("Actions")[0].GetProperty("Timestream");
        var dims = ts.GetProperty("Dimensions").EnumerateArray().ToDictionary(d => d.GetProperty("Name").GetString()!, d => d.GetProperty("Value").GetString()!);
        Assert.Equal(new Dictionary<string, string> { ["site"] = "${topic(3)}", ["thing"] = "${topic(4)}", ["record"] = "methane_alarm" }, dims);
        Assert.Equal("${topic(3)}", ts.GetProperty("TableName").GetString());
        Assert.True(rule.TryGetProperty("ErrorAction", out _));
    }
}
