namespace Methane.Cloud.Enrichment;

/// <summary>
/// What every store path writes for a reading, whichever way it travelled: the live store rule selects these fields, the
/// batch function writes the same ones, the dashboards query them. Tags/dimensions always come from the topic.
/// </summary>
public static class StoredFields
{
    /// <summary>Measures (LiveAnalytics) / fields (InfluxDB), in the order the store rule's SQL selects them.</summary>
    public static readonly string[] Measures = { "ch4_ppm", "lel_pct", "temp_c", "rh_pct", "alarm", "flags", "seq" };

    /// <summary>Dimensions (LiveAnalytics) / tags (InfluxDB), from topic levels 3 and 4 (the device policy binds them).</summary>
    public static readonly string[] Dimensions = { "site", "thing" };

    /// <summary>InfluxDB measurement (the action's table name).</summary>
    public const string InfluxMeasurement = "methane";

    /// <summary>
    /// The alarm history: the fields of an alarm event (src/Methane.Telemetry/alarm-event-v1.schema.json) every store keeps,
    /// in the order the alarm-history rule selects them. <c>event</c> is a string (raised, cleared, changed, rate_of_rise).
    /// </summary>
    public static readonly string[] AlarmFields = { "event", "alarm", "previous", "ch4_ppm", "lel_pct", "rise_ppm_min", "flags" };

    /// <summary>InfluxDB measurement of the alarm history (LiveAnalytics: the site table, dimension <c>record</c> = this).</summary>
    public const string AlarmMeasurement = "methane_alarm";
}
