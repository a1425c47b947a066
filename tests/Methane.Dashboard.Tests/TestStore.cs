using System.Globalization;
using Methane.Cloud.Pipeline;

namespace Methane.Dashboard.Tests;

/// <summary>Writes readings and alarm messages into a pipeline store the way the pipeline's schema holds them (plain SQL).</summary>
public static class TestStore
{
    public static void Reading(DuckDbStore store, string thing, string site, long seq, long eventMs, double? ch4, int siteAlarm = 0,
        int flags = 0, string quality = "good", string fw = "1.0.0", string source = "telemetry")
    {
        string c = ch4 is null ? "NULL" : ch4.Value.ToString("R", CultureInfo.InvariantCulture);
        string lel = ch4 is null ? "NULL" : (ch4.Value / 50000 * 100).ToString("R", CultureInfo.InvariantCulture);
        store.Execute($"""
            INSERT INTO readings (thing, site, seq, timestamp_ms, event_ms, received_ms, source, ch4_ppm, lel_pct, temp_c, rh_pct,
              alarm, flags, fw, derived_lel_pct, site_alarm, quality, epoch)
            VALUES ('{thing}', '{site}', {seq}, {eventMs}, {eventMs}, {eventMs + 150}, '{source}', {c}, {lel}, 20.5, 55.25,
              {siteAlarm}, {flags}, '{fw}', {lel}, {siteAlarm}, '{quality}', 0)
            """);
    }

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
