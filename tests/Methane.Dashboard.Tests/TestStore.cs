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

    /// <summary>
    /// A telemetry v2 gas reading: <paramref name="ch4"/> the safety-path ppm, <paramref name="amb"/> the ambient ppm (null above
    /// the ambient range), <paramref name="lel"/> the pipeline's derived %LEL. Written once (a second call is ignored).
    /// </summary>
    public static void GasV2(DuckDbStore store, string thing, string site, long seq, long eventMs, double? ch4, double? amb, double? lel,
        int flags = 0, string quality = "good", double? bg = null, double? enh = null, int bgFlags = 0, int enhFlags = 0)
    {
        store.Execute($"""
            INSERT OR IGNORE INTO readings (thing, site, seq, timestamp_ms, event_ms, received_ms, source, ch4_ppm, lel_pct, temp_c, rh_pct,
              alarm, flags, fw, derived_lel_pct, site_alarm, quality, epoch, role, ch4_amb_ppm, ch4_bg_ppm, ch4_enh_ppm, ch4_bg_flags, ch4_enh_flags)
            VALUES ('{thing}', '{site}', {seq}, {eventMs}, {eventMs}, {eventMs + 150}, 'telemetry', {Sql(ch4)}, {Sql(lel)}, 18.5, 60.0,
              0, {flags}, NULL, {Sql(lel)}, 0, '{quality}', 0, 'gas', {Sql(amb)}, {Sql(bg)}, {Sql(enh)}, {bgFlags}, {enhFlags})
            """);
    }

    /// <summary>A telemetry v2 met-station report (no methane, so the pipeline's quality is invalid). Written once.</summary>
    public static void Met(DuckDbStore store, string thing, string site, long seq, long eventMs, double? speed, double? dir, double? sigma,
        int windFlags = 0, int flags = 0, double? gust = null)
    {
        store.Execute($"""
            INSERT OR IGNORE INTO readings (thing, site, seq, timestamp_ms, event_ms, received_ms, source, temp_c, rh_pct,
              flags, derived_lel_pct, site_alarm, quality, epoch, role, wind_speed_ms, wind_gust_ms, wind_dir_deg, wind_sigma_deg, wind_flags)
            VALUES ('{thing}', '{site}', {seq}, {eventMs}, {eventMs}, {eventMs + 150}, 'telemetry', 18.5, 60.0,
              {flags}, NULL, 0, 'invalid', 0, 'met', {Sql(speed)}, {Sql(gust)}, {Sql(dir)}, {Sql(sigma)}, {windFlags})
            """);
    }

    private static string Sql(double? v) => v is null ? "NULL" : v.Value.ToString("R", CultureInfo.InvariantCulture);

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
