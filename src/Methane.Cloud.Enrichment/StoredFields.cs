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
}
