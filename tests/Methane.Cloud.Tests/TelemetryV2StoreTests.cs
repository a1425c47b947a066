using System.Globalization;
using System.Reflection;
using DuckDB.NET.Data;
using Methane.Cloud.Enrichment;
using Methane.Cloud.Pipeline;
using Methane.Cloud.Pipeline.Emissions;
using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;

namespace Methane.Cloud.Tests;

/// <summary>Telemetry v2 (role, ambient group, wind group) in the pipeline's DuckDB readings table, and what the emission job makes of it.</summary>
public sealed class TelemetryV2StoreTests
{
    private const long Now = 1_700_000_000_000;

    private const string V2Columns = "role, ch4_amb_ppm, ch4_bg_ppm, ch4_enh_ppm, ch4_sigma_ppm, ch4_bg_flags, ch4_enh_flags, " +
        "wind_speed_ms, wind_gust_ms, wind_dir_deg, wind_sigma_deg, wind_samples, wind_flags, wind_pulses, vane_v";

    private static string Met(string site, string thing, long seq, long ts, string speed, string dir, string sigma) =>
        $"{{\"v\":2,\"thing\":\"{thing}\",\"site\":\"{site}\",\"seq\":{seq},\"timestamp\":{ts},\"ch4_ppm\":null,\"lel_pct\":null,\"temp_c\":21.5,\"rh_pct\":40.2," +
        $"\"role\":\"met\",\"wind_speed_ms\":{speed},\"wind_gust_ms\":5.36,\"wind_dir_deg\":{dir},\"wind_sigma_deg\":{sigma},\"wind_samples\":60," +
        $"\"wind_flags\":0,\"wind_pulses\":4321,\"vane_v\":1.234,\"alarm\":0,\"flags\":0,\"fw\":\"1.2.0\"}}";

    private static string Gas(string site, string thing, long seq, long ts, string enh) =>
        $"{{\"v\":2,\"thing\":\"{thing}\",\"site\":\"{site}\",\"seq\":{seq},\"timestamp\":{ts},\"ch4_ppm\":250,\"lel_pct\":0.5,\"temp_c\":18.25,\"rh_pct\":55.5," +
        $"\"role\":\"gas\",\"ch4_amb_ppm\":2.104,\"ch4_bg_ppm\":1.95,\"ch4_enh_ppm\":{enh},\"ch4_sigma_ppm\":0.012,\"ch4_bg_flags\":0,\"ch4_enh_flags\":128," +
        $"\"alarm\":0,\"flags\":0,\"fw\":\"1.2.0\"}}";

    private static object?[] V2Row(DuckDbStore store, string thing) => store.Query(
        $"SELECT {V2Columns} FROM readings WHERE thing = '{thing}'",
        r => Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? null : r.GetValue(i)).ToArray()).Single();

    [Fact]
    public void A_v2_met_reading_lands_with_its_wind_group_and_no_methane()
    {
        using var h = new ProcessorHarness();
        h.Send("dt/methane/alpha/met-1/telemetry", Met("alpha", "met-1", 7, Now - 1000, "3.42", "247.5", "12.3"), Now);
        h.Processor.Flush();

        Assert.Equal(1, h.Processor.Stats.ReadingsStored);
        Assert.Equal(0, h.Processor.Stats.DeadLetters);
        Assert.Equal(new object?[] { "met", null, null, null, null, null, null, 3.42, 5.36, 247.5, 12.3, 60, 0, 4321L, 1.234 }, V2Row(h.Store, "met-1"));
        Assert.Equal((21.5, true), h.Store.Query("SELECT temp_c, ch4_ppm IS NULL FROM readings", r => (r.GetDouble(0), r.GetBoolean(1))).Single());
    }

    [Fact]
    public void A_v2_gas_reading_lands_with_its_ambient_group_and_no_wind()
    {
        using var h = new ProcessorHarness();
        h.Send("dt/methane/alpha/dev-a/telemetry", Gas("alpha", "dev-a", 3, Now - 1000, "0.154"), Now);
        h.Processor.Flush();

        Assert.Equal(1, h.Processor.Stats.ReadingsStored);
        Assert.Equal(new object?[] { "gas", 2.104, 1.95, 0.154, 0.012, 0, 128, null, null, null, null, null, null, null, null }, V2Row(h.Store, "dev-a"));
        Assert.Equal(250.0, h.Store.Query("SELECT ch4_ppm FROM readings", r => r.GetDouble(0)).Single());
    }

    [Fact]
    public void A_v1_reading_stores_null_in_every_v2_column()
    {
        using var h = new ProcessorHarness();
        h.Send("dt/methane/alpha/dev-a/telemetry", TestData.Reading("alpha", "dev-a", 1, Now - 1000, ch4: 123.5), Now);
        h.Processor.Flush();

        Assert.Equal(1, h.Processor.Stats.ReadingsStored);
        Assert.All(V2Row(h.Store, "dev-a"), Assert.Null);
        Assert.Equal(123.5, h.Store.Query("SELECT ch4_ppm FROM readings", r => r.GetDouble(0)).Single());
    }

    [Fact]
    public void A_store_file_of_the_v1_schema_gets_the_v2_columns_keeps_its_rows_and_takes_v2_readings()
    {
        string dir = TestData.TempDir();
        try
        {
            // The readings table exactly as the pipeline created it before v2 (commit be50a8a), with one stored reading.
            using (var old = new DuckDBConnection($"Data Source={Path.Combine(dir, "store.duckdb")}"))
            {
                old.Open();
                using DuckDBCommand cmd = old.CreateCommand();
                cmd.CommandText = """
                    CREATE TABLE readings (
                      thing VARCHAR NOT NULL, site VARCHAR NOT NULL, seq BIGINT NOT NULL,
                      timestamp_ms BIGINT NOT NULL, event_ms BIGINT NOT NULL, received_ms BIGINT NOT NULL, source VARCHAR NOT NULL,
                      ch4_ppm DOUBLE, lel_pct DOUBLE, temp_c DOUBLE, rh_pct DOUBLE,
                      t_raw INTEGER, rh_raw INTEGER, adc_raw INTEGER, vout_v DOUBLE, rs_ohm DOUBLE, rs_r0 DOUBLE,
                      alarm INTEGER, flags INTEGER NOT NULL, fw VARCHAR,
                      derived_lel_pct DOUBLE, site_alarm INTEGER NOT NULL, quality VARCHAR NOT NULL,
                      site_name VARCHAR, operator VARCHAR, board VARCHAR,
                      epoch INTEGER NOT NULL, time_flag VARCHAR,
                      PRIMARY KEY (thing, epoch, seq));
                    INSERT INTO readings (thing, site, seq, timestamp_ms, event_ms, received_ms, source, ch4_ppm, flags, site_alarm, quality, epoch)
                      VALUES ('dev-a', 'alpha', 1, 1699999990000, 1699999990000, 1699999990500, 'live', 99.5, 0, 0, 'good', 0);
                    """;
                cmd.ExecuteNonQuery();
            }

            using (var h = new ProcessorHarness(dir))
            {
                Assert.Equal(99.5, h.Store.Query("SELECT ch4_ppm FROM readings WHERE seq = 1", r => r.GetDouble(0)).Single());
                Assert.All(V2Row(h.Store, "dev-a"), Assert.Null);
                h.Send("dt/methane/alpha/met-1/telemetry", Met("alpha", "met-1", 1, Now - 1000, "0.8", "10.0", "40.5"), Now);
                h.Processor.Flush();
                Assert.Equal(new object?[] { "met", null, null, null, null, null, null, 0.8, 5.36, 10.0, 40.5, 60, 0, 4321L, 1.234 }, V2Row(h.Store, "met-1"));
                h.Close();
            }
            // Opened again: the migration is a no-op and the columns stay in place.
            using (var again = new DuckDbStore(Path.Combine(dir, "store.duckdb")))
                Assert.Equal(2, again.Count("readings"));
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public void A_file_whose_v2_columns_are_out_of_order_is_refused_naming_the_columns()
    {
        string dir = TestData.TempDir();
        try
        {
            string path = Path.Combine(dir, "store.duckdb");
            new DuckDbStore(path).Dispose();
            using (var c = new DuckDBConnection($"Data Source={path}"))
            {
                c.Open();
                using DuckDBCommand cmd = c.CreateCommand();
                cmd.CommandText = "ALTER TABLE readings DROP COLUMN role; ALTER TABLE readings ADD COLUMN role VARCHAR;";
                cmd.ExecuteNonQuery();
            }
            var e = Assert.Throws<InvalidOperationException>(() => new DuckDbStore(path));
            Assert.Contains("vane_v, role", e.Message);
            Assert.Contains("expected the v2 columns last in the order (role, ch4_amb_ppm", e.Message);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public void The_emission_job_sees_wind_and_enhancement_stored_from_v2_readings()
    {
        string root = typeof(TelemetryV2StoreTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        SiteGeometry site = SiteGeometryLoader.LoadFile(Path.Combine(root, "src", "Methane.Emissions", "sites", "example-pad.json"))[0];
        SiteCatalog catalog = SiteCatalog.Parse("""
            { "sites": [ { "id": "pad-a", "name": "Pad A", "operator": "Op", "location": { "lat": 1, "lon": 2 },
              "alarm": { "low_lel_pct": 10, "high_lel_pct": 20 } } ] }
            """);
        using var h = new ProcessorHarness(sites: catalog);
        DateTimeOffset blockStart = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
        // One hour, one reading a minute from the met station (4 m/s from the north-east) and every fenceline sensor.
        for (int m = 0; m < 60; m++)
        {
            long ts = blockStart.AddMinutes(m).ToUnixTimeMilliseconds();
            string speed = "4.00", dir = (40 + m % 10).ToString(CultureInfo.InvariantCulture) + ".0";
            h.Send($"dt/methane/pad-a/{site.MetStation.Thing}/telemetry", Met("pad-a", site.MetStation.Thing, m, ts, speed, dir, "15.0"), ts + 500);
            foreach (SensorPlacement s in site.Sensors)
                h.Send($"dt/methane/pad-a/{s.Thing}/telemetry", Gas("pad-a", s.Thing, m, ts, m % 2 == 0 ? "0.021" : "-0.013"), ts + 500);
        }
        h.Processor.Flush();
        Assert.Equal(0, h.Processor.Stats.DeadLetters);
        Assert.Equal(60 * (1 + site.Sensors.Count), h.Processor.Stats.ReadingsStored);

        var job = new EmissionJob(h.Store, new InversionOptions { BlockHours = 1 });
        EmissionJobResult result = job.RunBlock(site, blockStart, blockStart.AddHours(1));

        Assert.Equal(4, result.Windows);
        IReadOnlyList<StoredEstimate> windows = job.Estimates.Read("pad-a", EmissionEstimateStore.WindowKind);
        Assert.Equal(4 * site.Sources.Count, windows.Count);
        Assert.All(windows, w => Assert.False(w.Reason?.StartsWith("no met data", StringComparison.Ordinal) ?? false, w.Reason));
        Assert.Equal(4, result.ValidWindows);
    }
}
