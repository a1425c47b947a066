using System.IO.Compression;
using System.Text.Json;
using Methane.Cloud.Enrichment;
using Methane.Cloud.Pipeline;

namespace Methane.Cloud.Tests;

public class StoreAndArchiveTests
{
    // 2023-11-14T22:13:20Z = 1,700,000,000,000 ms.
    private const long Now = 1_700_000_000_000;
    private const long Min = 60_000;

    [Fact]
    public void Site_aggregates_match_hand_computed_values_per_window()
    {
        using var h = new ProcessorHarness();
        // alpha, dev-a: 20 readings 1..20 ppm at Now-1s .. Now-20s (all inside 5 min).
        for (int i = 1; i <= 20; i++) h.Send("dt/methane/alpha/dev-a/telemetry", TestData.Reading("alpha", "dev-a", i, Now - i * 1000, ch4: i));
        // alpha, dev-b: 100 ppm at Now-30 min (inside 1 h and 6 h only) and 1000 ppm at Now-3 h (6 h only); 7 h old: outside all.
        h.Send("dt/methane/alpha/dev-b/telemetry", TestData.Reading("alpha", "dev-b", 1, Now - 420 * Min, ch4: 5000));
        h.Send("dt/methane/alpha/dev-b/telemetry", TestData.Reading("alpha", "dev-b", 2, Now - 180 * Min, ch4: 1000));
        h.Send("dt/methane/alpha/dev-b/telemetry", TestData.Reading("alpha", "dev-b", 3, Now - 30 * Min, ch4: 100));
        // Invalid (warming up) and null values never count.
        h.Send("dt/methane/alpha/dev-b/telemetry", TestData.Reading("alpha", "dev-b", 4, Now - 2000, ch4: 9999, flags: 1));
        h.Send("dt/methane/alpha/dev-b/telemetry", TestData.Reading("alpha", "dev-b", 5, Now - 2000, ch4: null, flags: 4));
        // beta: two readings 10 and 30 at Now-1 min.
        h.Send("dt/methane/beta/dev-c/telemetry", TestData.Reading("beta", "dev-c", 1, Now - Min, ch4: 10));
        h.Send("dt/methane/beta/dev-c/telemetry", TestData.Reading("beta", "dev-c", 2, Now - Min, ch4: 30));
        h.Processor.Flush();

        var five = h.Store.SiteAggregates(TimeSpan.FromMinutes(5), Now).ToDictionary(a => a.Site);
        // 1..20: mean 10.5; p95 by linear interpolation: rank 0.95*(20-1) = 18.05 -> 19 + 0.05*(20-19) = 19.05.
        Assert.Equal(20, five["alpha"].Count);
        Assert.Equal((1.0, 10.5, 20.0), (five["alpha"].Min, five["alpha"].Mean, five["alpha"].Max));
        Assert.Equal(19.05, five["alpha"].P95, 9);
        // 10, 30: mean 20; p95 = 10 + 0.95*20 = 29.
        Assert.Equal((2L, 10.0, 20.0, 30.0), (five["beta"].Count, five["beta"].Min, five["beta"].Mean, five["beta"].Max));
        Assert.Equal(29.0, five["beta"].P95, 9);

        var hour = h.Store.SiteAggregates(TimeSpan.FromHours(1), Now).Single(a => a.Site == "alpha");
        // 1..20 plus 100: sum 210 + 100 = 310 over 21 -> 14.7619047619...; p95 rank 0.95*20 = 19 -> sorted[19] = 20.
        Assert.Equal(21, hour.Count);
        Assert.Equal(310.0 / 21.0, hour.Mean, 9);
        Assert.Equal((1.0, 100.0), (hour.Min, hour.Max));
        Assert.Equal(20.0, hour.P95, 9);

        var six = h.Store.SiteAggregates(TimeSpan.FromHours(6), Now).Single(a => a.Site == "alpha");
        // plus 1000: 22 values, sum 1310; sorted[..] = 1..20, 100, 1000; rank 0.95*21 = 19.95 -> 20 + 0.95*(100-20) = 96.
        Assert.Equal(22, six.Count);
        Assert.Equal(1310.0 / 22.0, six.Mean, 9);
        Assert.Equal(1000.0, six.Max);
        Assert.Equal(96.0, six.P95, 9);
    }

    [Fact]
    public void Latest_per_device_gaps_duplicates_and_late_arrivals()
    {
        using var h = new ProcessorHarness();
        const string t = "dt/methane/alpha/dev-a/telemetry";
        foreach (int seq in new[] { 1, 2, 5, 5, 3, 9, 2 })
            h.Send(t, TestData.Reading("alpha", "dev-a", seq, Now + seq, ch4: seq * 10));
        h.Send("dt/methane/beta/dev-c/telemetry", TestData.Reading("beta", "dev-c", 40, Now, ch4: 7));
        h.Processor.Flush();

        SeqTracker s = h.Processor.Stats.Seq;
        // 1,2 in order; 5 -> gap 3..4; 5 again duplicate; 3 late (fills one); 9 -> gap 6..8; 2 duplicate.
        Assert.Equal(2, s.GapsDetected);
        Assert.Equal(2, s.Duplicates);
        Assert.Equal(1, s.Late);
        Assert.Equal(4, s.OutstandingMissing); // 4 and 6,7,8
        Assert.Equal(6, h.Store.Count("readings")); // 1,2,5,3,9 + dev-c
        var gaps = h.Store.Query("SELECT from_seq, to_seq, missing FROM seq_gaps ORDER BY from_seq", r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2)));
        Assert.Equal(new[] { (3L, 4L, 2L), (6L, 8L, 3L) }, gaps);

        var latest = h.Store.LatestPerDevice();
        Assert.Equal(new[] { ("dev-a", 9L, 90.0), ("dev-c", 40L, 7.0) }, latest.Select(l => (l.Thing, l.Seq, l.Ch4Ppm!.Value)));
    }

    [Fact]
    public void Alarm_history_has_device_alarms_and_site_threshold_changes()
    {
        using var h = new ProcessorHarness();
        const string t = "dt/methane/alpha/dev-a/telemetry";
        // alpha: low at 5,000 ppm, high at 10,000 ppm. Sequence none -> low -> low -> high -> none: 3 changes.
        double[] ppm = { 100, 6000, 7000, 12000, 50 };
        for (int i = 0; i < ppm.Length; i++) h.Send(t, TestData.Reading("alpha", "dev-a", i + 1, Now + i * 1000, ch4: ppm[i]));
        h.Send("dt/methane/alpha/dev-a/alarm", TestData.Alarm("alpha", "dev-a", 4, Now + 3000, "raised", previous: 1, alarm: 2));
        h.Processor.Flush();

        var history = h.Store.AlarmHistory(Now - 1);
        Assert.Equal(new[]
        {
            ("site", 5L, 0), ("device", 4L, 2), ("site", 4L, 2), ("site", 2L, 1),
        }, history.Select(a => (a.Source, a.Seq, a.Alarm)));
        Assert.Equal(1, h.Processor.Stats.AlarmsStored);
    }

    [Fact]
    public void Archive_uses_the_firehose_layout_and_keeps_each_reading_as_received()
    {
        using var h = new ProcessorHarness();
        long received = 1_717_200_000_000; // 2024-06-01T00:00:00Z
        h.Send("dt/methane/alpha/dev-a/telemetry", TestData.Reading("alpha", "dev-a", 1, 5, ch4: 1.5), received);
        h.Send("dt/methane/beta/dev-c/batch", "[" + TestData.Reading("beta", "dev-c", 1, 5) + ",\n  " + TestData.Reading("beta", "dev-c", 2, 6) + "]", received + 86_400_000);
        h.Send("dt/methane/alpha/dev-a/telemetry", "{ \"v\":1,\n\"thing\":\"dev-a\",\"site\":\"alpha\",\"seq\":2,\"timestamp\":7,\"ch4_ppm\":2,\"flags\":0 }", received);
        h.Processor.Flush();
        h.Archive.Dispose();

        string root = Path.Combine(h.Dir, "archive");
        var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).OrderBy(f => f).ToArray();
        Assert.Equal(2, files.Length);
        Assert.StartsWith("site=alpha/year=2024/month=06/day=01/", files[0]);
        Assert.StartsWith("site=beta/year=2024/month=06/day=02/", files[1]);
        Assert.All(files, f => Assert.EndsWith(".ndjson.gz", f));

        string[] alphaLines = ReadGzipLines(Path.Combine(root, files[0]));
        Assert.Equal(2, alphaLines.Length);
        using (var first = JsonDocument.Parse(alphaLines[0]))
        {
            Assert.Equal(1.5, first.RootElement.GetProperty("ch4_ppm").GetDouble());
            Assert.Equal("dt/methane/alpha/dev-a/telemetry", first.RootElement.GetProperty("topic").GetString());
            Assert.Equal(received, first.RootElement.GetProperty("received_ms").GetInt64());
        }
        using (var second = JsonDocument.Parse(alphaLines[1])) Assert.Equal(2, second.RootElement.GetProperty("seq").GetInt64());

        string[] betaLines = ReadGzipLines(Path.Combine(root, files[1]));
        Assert.Equal(new long[] { 1, 2 }, betaLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("seq").GetInt64()));
        Assert.All(betaLines, l => Assert.Contains("\"topic\":\"dt/methane/beta/dev-c/batch\"", l));
    }

    [Fact]
    public void Device_registry_table_feeds_enrichment()
    {
        using var h = new ProcessorHarness();
        h.Registry.Upsert(new DeviceInfo("dev-a", "alpha", "esp32-s3", "2025-01-01", null, "north fence"));
        h.Send("dt/methane/alpha/dev-a/telemetry", TestData.Reading("alpha", "dev-a", 1, Now));
        h.Registry.Upsert(new DeviceInfo("dev-z", "beta", null, null, null, null));
        h.Send("dt/methane/alpha/dev-z/telemetry", TestData.Reading("alpha", "dev-z", 1, Now)); // registry says beta
        h.Processor.Flush();
        Assert.Equal(new[] { "esp32-s3" }, h.Store.Query("SELECT board FROM readings", r => r.GetString(0)));
        Assert.Equal(new[] { "registry-site-mismatch" }, h.Store.Query("SELECT reason FROM dead_letters", r => r.GetString(0)));
    }

    internal static string[] ReadGzipLines(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
