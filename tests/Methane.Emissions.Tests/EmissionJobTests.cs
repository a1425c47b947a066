using System.Globalization;
using System.Text;
using Methane.Cloud.Pipeline;
using Methane.Cloud.Pipeline.Emissions;
using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;

namespace Methane.Emissions.Tests;

public sealed class EmissionJobTests : IDisposable
{
    private static readonly SiteGeometry Site = SiteGeometryLoader.LoadFile(RepoPaths.ExampleSite)[0];
    // A one-hour "block" keeps the test small; the job is the same for 12 hours.
    private static readonly InversionOptions Options = new() { BlockHours = 1 };
    private readonly string _dir = Directory.CreateTempSubdirectory("emission-job-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Stores_window_and_block_estimates_that_find_the_source_and_its_rate()
    {
        using var db = new DuckDbStore(Path.Combine(_dir, "m.duckdb"));
        AddMetColumns(db);
        int src = Site.SourceIndex("separator-2");
        DateTimeOffset blockStart = SyntheticObservations.Noon.AddHours(6);
        // 18 hours of the inversion's own plume with noise, the wind meandering around north-east in the block.
        ObservationSeries truth = SyntheticObservations.Make(Site, 18 * 60, src, 2.0, 0.3, seed: 4,
            direction: m => (m >= 360 && m < 420 ? 45 : 315) + 15 * Math.Sin(m / 2.0), stability: Dispersion.StabilityClass.C);
        Insert(db, truth);

        var job = new EmissionJob(db, Options);
        EmissionJobResult result = job.RunBlock(Site, blockStart, blockStart.AddHours(2));

        Assert.Equal(4, result.Windows);
        Assert.Equal(4, result.ValidWindows);
        IReadOnlyList<StoredEstimate> windows = job.Estimates.Read("pad-a", EmissionEstimateStore.WindowKind);
        Assert.Equal(4 * Site.Sources.Count, windows.Count);
        StoredEstimate block = job.Estimates.Read("pad-a", EmissionEstimateStore.BlockKind).Single(e => e.Source == "separator-2");
        Assert.Equal(blockStart, block.WindowStart);
        Assert.Equal(blockStart.AddHours(1), block.WindowEnd);
        Assert.True(block.Detected);
        Assert.Equal(2.0, block.RateKgPerHour!.Value, 0.4);
        Assert.InRange(2.0, block.LowerKgPerHour!.Value - 0.2, block.UpperKgPerHour!.Value + 0.2);
        Assert.Null(block.Reason);
    }

    [Fact]
    public void Without_met_station_data_every_window_is_stored_as_no_valid_estimate_with_the_reason()
    {
        using var db = new DuckDbStore(Path.Combine(_dir, "m.duckdb"));   // no met station readings (the v2 wind columns stay NULL)
        DateTimeOffset blockStart = SyntheticObservations.Noon.AddHours(6);
        Insert(db, SyntheticObservations.Make(Site, 18 * 60, 0, 2.0, 0.3, seed: 4), withMet: false);

        var job = new EmissionJob(db, Options);
        job.RunBlock(Site, blockStart, blockStart.AddHours(2));

        IReadOnlyList<StoredEstimate> all = job.Estimates.Read("pad-a");
        Assert.Equal(5 * Site.Sources.Count, all.Count);
        Assert.All(all, e =>
        {
            Assert.Null(e.RateKgPerHour);
            Assert.False(e.Detected);
            Assert.NotNull(e.Reason);
        });
        Assert.StartsWith("no met data: 0 of 15 minutes have wind from pad-a-met", all.First(e => e.Kind == "window").Reason);
        Assert.StartsWith("only 0 of 4 windows have a valid estimate", all.First(e => e.Kind == "block").Reason);
    }

    [Fact]
    public void An_incomplete_block_stores_its_finished_windows_and_no_block_row()
    {
        using var db = new DuckDbStore(Path.Combine(_dir, "m.duckdb"));
        AddMetColumns(db);
        DateTimeOffset blockStart = SyntheticObservations.Noon.AddHours(6);
        Insert(db, SyntheticObservations.Make(Site, 18 * 60, -1, 0, 0.3, seed: 4));
        EmissionJobResult r = new EmissionJob(db, Options).RunBlock(Site, blockStart, blockStart.AddMinutes(40));
        Assert.Equal(2, r.Windows);
        Assert.Empty(r.Block);
    }

    private static void AddMetColumns(DuckDbStore db)
    {
        var (speed, dir, sigma) = ("wind_speed_ms", "wind_dir_deg", "wind_sigma_deg");
        db.Execute($"ALTER TABLE readings ADD COLUMN IF NOT EXISTS {speed} DOUBLE; ALTER TABLE readings ADD COLUMN IF NOT EXISTS {dir} DOUBLE; ALTER TABLE readings ADD COLUMN IF NOT EXISTS {sigma} DOUBLE;");
    }

    /// <summary>One reading per sensor and minute at the start of the minute, and one met reading per minute at its end.</summary>
    private static void Insert(DuckDbStore db, ObservationSeries obs, bool withMet = true)
    {
        var rows = new List<string>();
        long seq = 0;
        string Row(string thing, long ms, string ppm, string met) =>
            $"('{thing}', '{obs.Site.SiteId}', {seq++}, {ms}, {ms}, {ms}, 'test', {ppm}, 0, 0, 'good', 0{met})";
        string noMet = withMet ? ", NULL, NULL, NULL" : "";
        for (int m = 0; m < obs.Minutes; m++)
        {
            long ms = obs.TimeOf(m).ToUnixTimeMilliseconds();
            for (int s = 0; s < obs.Site.Sensors.Count; s++)
                rows.Add(Row(obs.Site.Sensors[s].Thing, ms, obs.Ppm[s][m].ToString("R", CultureInfo.InvariantCulture), noMet));
            // A met station stamps its report when the minute it averaged ends (MetCycle.Measure), so minute m's wind is stamped m + 1.
            if (withMet)
                rows.Add(Row(obs.Site.MetStation.Thing, ms + 60_000, "NULL", string.Create(CultureInfo.InvariantCulture,
                    $", {obs.WindSpeedMs[m]:R}, {obs.WindFromDeg[m]:R}, {obs.SigmaThetaDeg[m]:R}")));
        }
        string columns = "thing, site, seq, timestamp_ms, event_ms, received_ms, source, ch4_ppm, flags, site_alarm, quality, epoch"
            + (withMet ? ", " + "wind_speed_ms, wind_dir_deg, wind_sigma_deg" : "");
        foreach (string[] chunk in rows.Chunk(2000))
            db.Execute($"INSERT INTO readings ({columns}) VALUES " + string.Join(", ", chunk) + ";");
    }
}

public sealed class StoredObservationsTests : IDisposable
{
    private static readonly SiteGeometry Site = SiteGeometryLoader.LoadFile(RepoPaths.ExampleSite)[0];
    private readonly string _dir = Directory.CreateTempSubdirectory("stored-obs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Ambient_enhancement_is_preferred_to_ch4_ppm_and_invalid_readings_are_faulty()
    {
        using var db = new DuckDbStore(Path.Combine(_dir, "m.duckdb"));
        db.Execute($"ALTER TABLE readings ADD COLUMN IF NOT EXISTS ch4_enh_ppm DOUBLE;");
        DateTimeOffset t0 = SyntheticObservations.Noon;
        long ms = t0.ToUnixTimeMilliseconds();
        db.Execute($"""
            INSERT INTO readings (thing, site, seq, timestamp_ms, event_ms, received_ms, source, ch4_ppm, ch4_enh_ppm, flags, site_alarm, quality, epoch) VALUES
              ('pad-a-n', 'pad-a', 1, {ms}, {ms}, {ms}, 'test', 157.0, 0.8, 0, 0, 'good', 0),
              ('pad-a-e', 'pad-a', 1, {ms + 60_000}, {ms + 60_000}, {ms}, 'test', 157.0, 0.1, {Methane.Cloud.Enrichment.QualityFlags.InvalidMask}, 0, 'invalid', 0),
              ('elsewhere', 'pad-a', 1, {ms}, {ms}, {ms}, 'test', 157.0, 5.0, 0, 0, 'good', 0)
            """);
        ObservationSeries obs = StoredObservations.Load(db, Site, t0, 5);
        Assert.Equal(0.8, obs.Ppm[Site.SensorIndex("pad-a-n")][0]);
        Assert.True(obs.Faulty[Site.SensorIndex("pad-a-e")][1]);
        Assert.True(double.IsNaN(obs.Ppm[Site.SensorIndex("pad-a-e")][1]));
        Assert.True(double.IsNaN(obs.WindSpeedMs[0]));   // no met station readings: no wind, never a made-up one
    }

    [Fact]
    public void A_v2_gas_reading_contributes_its_ambient_value_and_readings_in_a_minute_are_averaged()
    {
        using var db = new DuckDbStore(Path.Combine(_dir, "m.duckdb"));
        DateTimeOffset t0 = SyntheticObservations.Noon;
        long ms = t0.ToUnixTimeMilliseconds();
        // pad-a-n: three 20 s readings in minute 0 (ambient 2.0, 2.6, 2.3 ppm → mean 2.3), one still learning its
        // background (no enhancement) — the safety-path ch4_ppm of ~157 ppm must never stand in for it. pad-a-e: above the
        // ambient model's range (no ambient value) → faulty.
        db.Execute($"""
            INSERT INTO readings (thing, site, seq, timestamp_ms, event_ms, received_ms, source, ch4_ppm, role, ch4_amb_ppm, ch4_enh_ppm, flags, site_alarm, quality, epoch) VALUES
              ('pad-a-n', 'pad-a', 1, {ms}, {ms}, {ms}, 'test', 157.0, 'gas', 2.0, NULL, 0, 0, 'good', 0),
              ('pad-a-n', 'pad-a', 2, {ms + 20_000}, {ms + 20_000}, {ms}, 'test', 158.0, 'gas', 2.6, 0.5, 0, 0, 'good', 0),
              ('pad-a-n', 'pad-a', 3, {ms + 40_000}, {ms + 40_000}, {ms}, 'test', 157.5, 'gas', 2.3, 0.2, 0, 0, 'good', 0),
              ('pad-a-e', 'pad-a', 1, {ms}, {ms}, {ms}, 'test', 16000.0, 'gas', NULL, NULL, 0, 0, 'good', 0)
            """);
        ObservationSeries obs = StoredObservations.Load(db, Site, t0, 5);
        Assert.Equal(2.3, obs.Ppm[Site.SensorIndex("pad-a-n")][0], 9);
        Assert.True(obs.Faulty[Site.SensorIndex("pad-a-e")][0]);
    }

    [Fact]
    public void A_met_report_stamped_at_the_end_of_its_minute_describes_that_minute()
    {
        using var db = new DuckDbStore(Path.Combine(_dir, "m.duckdb"));
        DateTimeOffset t0 = SyntheticObservations.Noon;
        long ms = t0.ToUnixTimeMilliseconds();
        // Reports every 60 s, each stamped when its minute ends: 12:01 carries minute 0, 12:02 minute 1.
        db.Execute($"""
            INSERT INTO readings (thing, site, seq, timestamp_ms, event_ms, received_ms, source, role, wind_speed_ms, wind_dir_deg, wind_sigma_deg, flags, site_alarm, quality, epoch) VALUES
              ('{Site.MetStation.Thing}', 'pad-a', 1, {ms + 60_000}, {ms + 60_000}, {ms}, 'test', 'met', 3.0, 270.0, 10.0, 0, 0, 'good', 0),
              ('{Site.MetStation.Thing}', 'pad-a', 2, {ms + 120_000}, {ms + 120_000}, {ms}, 'test', 'met', 4.0, 280.0, 12.0, 0, 0, 'good', 0)
            """);
        // A calm report (flag bit 0) has a speed and no direction: kept, as a calm minute; a report with no direction and
        // no calm flag is not met data.
        db.Execute($"""
            INSERT INTO readings (thing, site, seq, timestamp_ms, event_ms, received_ms, source, role, wind_speed_ms, wind_flags, flags, site_alarm, quality, epoch) VALUES
              ('{Site.MetStation.Thing}', 'pad-a', 3, {ms + 240_000}, {ms + 240_000}, {ms}, 'test', 'met', 0.2, 1, 0, 0, 'good', 0),
              ('{Site.MetStation.Thing}', 'pad-a', 4, {ms + 300_000}, {ms + 300_000}, {ms}, 'test', 'met', 2.0, 8, 0, 0, 'good', 0)
            """);
        ObservationSeries obs = StoredObservations.Load(db, Site, t0, 5);
        Assert.Equal(3.0, obs.WindSpeedMs[0]);
        Assert.Equal(0.2, obs.WindSpeedMs[3]);
        Assert.True(double.IsNaN(obs.WindFromDeg[3]));
        Assert.True(double.IsNaN(obs.WindSpeedMs[4]));
        Assert.Equal(280.0, obs.WindFromDeg[1]);
        Assert.True(double.IsNaN(obs.WindSpeedMs[2]));
    }
}
