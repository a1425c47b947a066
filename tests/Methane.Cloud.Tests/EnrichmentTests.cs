using Methane.Cloud.Enrichment;
using Methane.Telemetry;

namespace Methane.Cloud.Tests;

public class EnrichmentTests
{
    private static TelemetryReading R(string site, string thing, double? ch4, int flags = 0, long ts = 1_700_000_000_000) =>
        new() { V = 1, Site = site, Thing = thing, Seq = 1, Timestamp = ts, Ch4Ppm = ch4, Flags = flags };

    private readonly ListDeadLetterSink _dead = new();
    private readonly Enricher _enricher = new(TestData.Sites, new InMemoryDeviceRegistry(new[]
    {
        new DeviceInfo("dev-1", "alpha", "esp32-devkitc", "2025-01-10", "2025-06-01", null),
    }));

    [Theory]
    // %LEL = ppm / 500 (LEL 5.0 %vol = 50,000 ppm). alpha: low 10 %LEL (5,000 ppm), high 20 %LEL (10,000 ppm).
    [InlineData(0.0, 0.0, 0)]
    [InlineData(4999.0, 9.998, 0)]
    [InlineData(5000.0, 10.0, 1)]
    [InlineData(9999.0, 19.998, 1)]
    [InlineData(10000.0, 20.0, 2)]
    [InlineData(50000.0, 100.0, 2)]
    public void Lel_and_site_alarm_follow_the_site_thresholds(double ppm, double lel, int alarm)
    {
        EnrichedReading e = _enricher.Enrich(R("alpha", "dev-1", ppm), new TelemetryTopic("alpha", "dev-1", TopicKind.Telemetry), 5, _dead, default)!;
        Assert.Equal(lel, e.DerivedLelPct!.Value, 9);
        Assert.Equal(alarm, e.SiteAlarm);
        Assert.Equal("Alpha station", e.Site.Name);
        Assert.Equal("esp32-devkitc", e.Device!.Board);
    }

    [Fact]
    public void Beta_thresholds_differ_from_alpha()
    {
        // beta: low 5 %LEL = 2,500 ppm, high 15 %LEL = 7,500 ppm. 3,000 ppm = 6 %LEL -> low at beta, none at alpha.
        var beta = _enricher.Enrich(R("beta", "dev-9", 3000), new TelemetryTopic("beta", "dev-9", TopicKind.Telemetry), 5, _dead, default)!;
        var alpha = _enricher.Enrich(R("alpha", "dev-8", 3000), new TelemetryTopic("alpha", "dev-8", TopicKind.Telemetry), 5, _dead, default)!;
        Assert.Equal(1, beta.SiteAlarm);
        Assert.Equal(0, alpha.SiteAlarm);
        Assert.Null(beta.Device);
    }

    [Theory]
    [InlineData(0, DataQuality.Good)]
    [InlineData(32, DataQuality.Good)]        // replayed: still a measurement
    [InlineData(1024, DataQuality.Good)]      // rate-of-rise
    [InlineData(2, DataQuality.Degraded)]     // clock unsynced
    [InlineData(512, DataQuality.Degraded)]   // uncompensated
    [InlineData(8 | 128, DataQuality.Degraded)]
    [InlineData(1, DataQuality.Invalid)]      // warming up
    [InlineData(4, DataQuality.Invalid)]
    [InlineData(16, DataQuality.Invalid)]
    [InlineData(64 | 2, DataQuality.Invalid)]
    public void Quality_from_flags(int flags, DataQuality expected)
    {
        Assert.Equal(expected, Enricher.QualityOf(flags, 10.0));
    }

    [Fact]
    public void Invalid_reading_gets_no_lel_and_no_alarm_even_when_high()
    {
        var e = _enricher.Enrich(R("alpha", "dev-1", 40000, flags: 1), new TelemetryTopic("alpha", "dev-1", TopicKind.Telemetry), 5, _dead, default)!;
        Assert.Null(e.DerivedLelPct);
        Assert.Equal(0, e.SiteAlarm);
        Assert.Equal(DataQuality.Invalid, e.Quality);
    }

    [Fact]
    public void Unsynced_clock_uses_receive_time_for_windows()
    {
        var e = _enricher.Enrich(R("alpha", "dev-1", 10, flags: 2, ts: 12345), new TelemetryTopic("alpha", "dev-1", TopicKind.Telemetry), 999_000, _dead, default)!;
        Assert.Equal(999_000, e.EventMs);
        var synced = _enricher.Enrich(R("alpha", "dev-1", 10, ts: 12345), new TelemetryTopic("alpha", "dev-1", TopicKind.Telemetry), 999_000, _dead, default)!;
        Assert.Equal(12345, synced.EventMs);
    }

    [Theory]
    [InlineData("beta", "dev-1", "alpha", "dev-1", "site-topic-mismatch", "site", "beta")]
    [InlineData("alpha", "dev-2", "alpha", "dev-1", "thing-topic-mismatch", "thing", "dev-2")]
    [InlineData("gamma", "dev-3", "gamma", "dev-3", "unknown-site", "site", "gamma")]
    [InlineData("beta", "dev-1", "beta", "dev-1", "registry-site-mismatch", "site", "beta")] // registry says dev-1 is at alpha
    public void Contradictions_go_to_the_dead_letter_sink(string site, string thing, string topicSite, string topicThing, string reason, string field, string value)
    {
        var counting = new CountingDeadLetterSink(_dead);
        Assert.Null(_enricher.Enrich(R(site, thing, 1), new TelemetryTopic(topicSite, topicThing, TopicKind.Telemetry), 5, counting, "{}"u8));
        DeadLetter d = Assert.Single(_dead.Letters);
        Assert.Equal((reason, field, value), (d.Reason, d.Field, d.Value));
        Assert.Equal(1, counting.Total);
        Assert.Equal(1, counting.ByReason[reason]);
    }

    [Fact]
    public void Sample_sites_file_loads_and_bad_thresholds_are_refused()
    {
        SiteCatalog sample = SiteCatalog.Load(SiteCatalog.DefaultPath);
        Assert.True(sample.Sites.Count >= 2);
        Assert.Throws<FormatException>(() => SiteCatalog.Parse("""
            { "sites": [ { "id": "x", "name": "x", "operator": "o", "location": { "lat": 0, "lon": 0 }, "alarm": { "low_lel_pct": 20, "high_lel_pct": 10 } } ] }
            """));
        Assert.Throws<FormatException>(() => SiteCatalog.Parse("""
            { "sites": [ { "id": "a/b", "name": "x", "operator": "o", "location": { "lat": 0, "lon": 0 }, "alarm": { "low_lel_pct": 10, "high_lel_pct": 20 } } ] }
            """));
    }

    [Theory]
    [InlineData("dt/methane/alpha/dev-1/telemetry", true)]
    [InlineData("dt/methane/alpha/dev-1/batch", true)]
    [InlineData("dt/methane/alpha/dev-1/other", false)]
    [InlineData("dt/methane/alpha/telemetry", false)]
    [InlineData("dt/methane//dev-1/telemetry", false)]
    public void Topic_parsing(string topic, bool ok) => Assert.Equal(ok, TelemetryTopic.TryParse(topic, out _));
}
