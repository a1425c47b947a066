namespace Methane.Cloud.Enrichment;

/// <summary>
/// What every store path writes for a reading, whichever way it travelled: the live store rule selects these fields, the
/// batch function writes the same ones, the dashboards query them. Tags/dimensions always come from the topic.
/// </summary>
public static class StoredFields
{
    /// <summary>The schema-v1 measures every reading carries (v1 and v2, either role).</summary>
    public static readonly string[] V1Measures = { "ch4_ppm", "lel_pct", "temp_c", "rh_pct", "alarm", "flags", "seq" };

    /// <summary>
    /// Schema v2 (src/Methane.Telemetry/telemetry-v1.schema.json): the role (a string: "gas" or "met"), the gas role's
    /// ambient group and the met role's wind group. A reading carries only its role's group, and a v1 reading none of
    /// them; a store rule selecting a field the payload lacks writes nothing for it, so v1 readings store exactly as before.
    /// The raw diagnostics (adc_raw … rs_r0, vane_v) stay in the archive only.
    /// </summary>
    public static readonly string[] V2Measures =
    {
        "role",
        "ch4_amb_ppm", "ch4_bg_ppm", "ch4_enh_ppm", "ch4_sigma_ppm", "ch4_bg_flags", "ch4_enh_flags",
        "wind_speed_ms", "wind_gust_ms", "wind_dir_deg", "wind_sigma_deg", "wind_samples", "wind_flags", "wind_pulses",
    };

    /// <summary>Measures (LiveAnalytics) / fields (InfluxDB), in the order the store rule's SQL selects them.</summary>
    public static readonly string[] Measures = V1Measures.Concat(V2Measures).ToArray();

    /// <summary>The one stored measure that is a string (LiveAnalytics VARCHAR, InfluxDB string field); every other one is a number.</summary>
    public const string Role = "role";

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

    /// <summary>
    /// Device health (<c>dt/methane/{site}/{thing}/health</c>, firmware EventMessages.WriteHealth, once a minute): every field
    /// but the envelope (v, thing, site, timestamp), in the order the firmware writes them. Strings: <c>fw</c>, <c>state</c>,
    /// <c>last_error</c> ("none" when there is none); <c>clock_synced</c> is a boolean; the rest are integer counters.
    /// </summary>
    public static readonly string[] HealthFields =
    {
        "clock_synced", "fw", "uptime_s", "state", "samples", "fault_samples", "published", "acked", "reconnects",
        "connections_lost", "outbox_depth", "outbox_dropped", "alarm", "alarms_raised", "last_error",
    };

    /// <summary>InfluxDB measurement of device health (LiveAnalytics: the site table, dimension <c>record</c> = this).</summary>
    public const string HealthMeasurement = "methane_health";

    /// <summary>
    /// AWS IoT Jobs execution events (<c>$aws/events/jobExecution/{jobId}/{operation}</c>): the terminal status, the event's
    /// operation (differs from status only for <c>deleted</c>) and the statusDetails keys the firmware's JobsClient reports
    /// (step, progress, reason), each flattened to a top-level string.
    /// </summary>
    public static readonly string[] JobFields = { "status", "operation", "step", "progress", "reason" };

    /// <summary>
    /// InfluxDB measurement of job execution events, tags thing and job. LiveAnalytics: a table of this name, because the
    /// event names the thing but not its site (no site table to put it in).
    /// </summary>
    public const string JobMeasurement = "methane_job";
}
