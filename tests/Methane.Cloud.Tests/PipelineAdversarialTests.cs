using System.Diagnostics;
using System.Text.Json;
using Methane.Cloud.Pipeline;

namespace Methane.Cloud.Tests;

/// <summary>
/// What a broken device, a restart or a full disk does to the pipeline's processor (issue 17, findings 1, 3, 4, 5): every
/// case ends with each reading stored exactly once, or a dead letter / flagged record with the reason.
/// </summary>
public class PipelineAdversarialTests
{
    private const string Topic = "dt/methane/alpha/dev-a/telemetry";
    private const long T0 = 1_700_000_000_000; // 2023-11-14T22:13:20Z, also the receive time
    private static long Received(long i) => T0 + 600_000 + i;

    [Fact]
    public void After_a_factory_reset_the_restarted_seq_is_stored_as_a_new_epoch_not_as_duplicates()
    {
        using var h = new ProcessorHarness();
        for (int seq = 1; seq <= 20; seq++) h.Send(Topic, TestData.Reading("alpha", "dev-a", seq, T0 + seq * 1000), Received(seq));
        // Factory reset: seq starts again at 1, ten minutes later; the last readings are a leak (11,500 ppm = 23 %LEL).
        for (int seq = 1; seq <= 10; seq++)
            h.Send(Topic, TestData.Reading("alpha", "dev-a", seq, T0 + 600_000 + seq * 1000, ch4: seq > 7 ? 11_500 : 100), Received(100 + seq));
        h.Processor.Flush();

        Assert.Equal(30, h.Store.Count("readings"));
        Assert.Equal(0, h.Processor.Stats.DuplicatesSkipped);
        Assert.Equal(new[] { (0, 20L), (1, 10L) }, h.Store.Query("SELECT epoch, count(*) FROM readings GROUP BY epoch ORDER BY epoch", r => (r.GetInt32(0), r.GetInt64(1))));
        var (kind, epoch, previous, seqAt, reason) = Assert.Single(h.Store.Query("SELECT kind, epoch, previous_seq, seq, reason FROM seq_events",
            r => (r.GetString(0), r.GetInt32(1), r.GetInt64(2), r.GetInt64(3), r.GetString(4))));
        Assert.Equal(("seq-restart", 1, 20L, 1L), (kind, epoch, previous, seqAt));
        Assert.Contains("restarted", reason);
        LatestReading latest = Assert.Single(h.Store.LatestPerDevice());
        Assert.Equal((10L, 11_500.0, 23.0), (latest.Seq, latest.Ch4Ppm, latest.LelPct));
    }

    [Fact]
    public void A_single_huge_seq_is_recorded_as_a_jump_and_the_readings_after_it_are_stored()
    {
        using var h = new ProcessorHarness();
        for (int seq = 1; seq <= 5; seq++) h.Send(Topic, TestData.Reading("alpha", "dev-a", seq, T0 + seq * 1000), Received(seq));
        h.Send(Topic, TestData.Reading("alpha", "dev-a", 9_007_199_254_740_991, T0 + 6000), Received(6));
        for (int seq = 6; seq <= 15; seq++) h.Send(Topic, TestData.Reading("alpha", "dev-a", seq, T0 + (seq + 1) * 1000), Received(seq + 1));
        h.Processor.Flush();

        Assert.Equal(16, h.Store.Count("readings"));
        Assert.Equal(0, h.Processor.Stats.DuplicatesSkipped);
        Assert.Equal(0, h.Store.Count("seq_gaps"));                 // a jump is no hole of 9e15 missing readings
        Assert.Equal(0, h.Processor.Stats.Seq.OutstandingMissing);
        Assert.Equal(new[] { ("seq-jump", 5L, 9_007_199_254_740_991L), ("seq-restart", 9_007_199_254_740_991L, 6L) },
            h.Store.Query("SELECT kind, previous_seq, seq FROM seq_events ORDER BY epoch, kind DESC", r => (r.GetString(0), r.GetInt64(1), r.GetInt64(2))));
        Assert.Equal((15L, 1), h.Store.Query("SELECT seq, epoch FROM readings ORDER BY epoch DESC, seq DESC LIMIT 1", r => (r.GetInt64(0), r.GetInt32(1)))[0]);
    }

    [Fact]
    public void A_reading_delivered_again_after_a_pipeline_restart_is_stored_once()
    {
        // A message in flight when the pipeline stopped (stored, not yet acknowledged) arrives again after the restart; the
        // brokers refuse retained publishes (retain_available false), but a broker that kept one would send it after every restart.
        string retained = TestData.Reading("alpha", "dev-a", 7, T0 + 7000, ch4: 4321);
        using var first = new ProcessorHarness();
        for (int seq = 1; seq <= 7; seq++) first.Send(Topic, seq == 7 ? retained : TestData.Reading("alpha", "dev-a", seq, T0 + seq * 1000), Received(seq));
        first.Processor.Flush();
        first.Close();
        for (int restart = 1; restart <= 3; restart++)
        {
            using var again = new ProcessorHarness(first.Dir);
            again.Send(Topic, retained, Received(100 * restart));
            again.Processor.Flush();
            Assert.Equal(7, again.Store.Count("readings"));
            Assert.Equal(1, again.Processor.Stats.DuplicatesSkipped);
            Assert.Equal(0, again.Store.Count("seq_events"));
            again.Close();
        }
    }

    [Fact]
    public void A_dead_letter_delivered_again_is_recorded_once_and_its_deliveries_counted()
    {
        const string garbage = "{\"v\":1,\"thing\":\"dev-a\",\"site\":\"alpha\",\"seq\":\"seven\",\"timestamp\":1700000000000,\"ch4_ppm\":1,\"flags\":0}";
        // printf '%s' "$garbage" | sha256sum
        const string garbageSha256 = "63d9cd41111cd15b3f91956a84d284305c7307ebbfda739cd90323b1565f702a";
        const string batchTopic = "dt/methane/alpha/dev-a/batch";
        // A batch naming another site (and another thing) than its topic: rejected whole, one letter (issue 14).
        string twoBad = "[" + TestData.Reading("beta", "dev-a", 1, T0) + "," + TestData.Reading("alpha", "dev-b", 2, T0) + "]";
        using var first = new ProcessorHarness();
        first.Send(Topic, garbage, Received(1));
        first.Send(Topic, garbage, Received(2));                        // a QoS 1 duplicate in the same batch
        first.Send(batchTopic, twoBad, Received(3));
        first.Send(Topic, garbage.Replace("seven", "eight"), Received(4)); // same topic, another payload: its own letter
        first.Processor.Flush();
        Assert.Equal((4L, 1L), (first.Processor.Stats.DeadLetters, first.Processor.Stats.DeadLettersRedelivered));
        Assert.Equal(3, first.Store.Count("dead_letters"));
        first.Close();

        for (int restart = 1; restart <= 2; restart++)
        {
            // Received but not acknowledged before the stop: the broker delivers it again after the restart.
            using var again = new ProcessorHarness(first.Dir);
            again.Send(Topic, garbage, Received(100 * restart));
            again.Send(batchTopic, twoBad, Received(100 * restart + 1));
            again.Processor.Flush();
            Assert.Equal((2L, 2L), (again.Processor.Stats.DeadLetters, again.Processor.Stats.DeadLettersRedelivered));
            Assert.Equal(3, again.Store.Count("dead_letters"));
            var row = Assert.Single(again.Store.Query($"SELECT reason, field, deliveries, received_ms, last_received_ms FROM dead_letters WHERE payload_sha256 = '{garbageSha256}'",
                r => (r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt64(3), r.GetInt64(4))));
            Assert.Equal(("invalid-field", "seq", 2 + restart, Received(1), Received(100 * restart)), row);
            Assert.Equal(new[] { (0, "site-topic-mismatch", 1 + restart) },
                again.Store.Query($"SELECT ordinal, reason, deliveries FROM dead_letters WHERE topic = '{batchTopic}' ORDER BY ordinal",
                    r => (r.GetInt32(0), r.GetString(1), r.GetInt32(2))));
            again.Close();
        }
        // The same payload on another device's topic is another message.
        using var other = new ProcessorHarness(first.Dir);
        other.Send("dt/methane/alpha/dev-b/telemetry", garbage, Received(500));
        other.Processor.Flush();
        Assert.Equal((4L, 0L), (other.Store.Count("dead_letters"), other.Processor.Stats.DeadLettersRedelivered));
        other.Close();
    }

    [Fact]
    public void Dead_letters_of_a_store_written_before_they_were_keyed_are_kept()
    {
        string dir = TestData.TempDir();
        string path = Path.Combine(dir, "store.duckdb");
        using (var old = new DuckDB.NET.Data.DuckDBConnection($"Data Source={path}"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE dead_letters (received_ms BIGINT NOT NULL, topic VARCHAR NOT NULL, reason VARCHAR NOT NULL, field VARCHAR,
                  value VARCHAR, expected VARCHAR, payload_bytes INTEGER NOT NULL, payload_excerpt VARCHAR);
                INSERT INTO dead_letters VALUES (1, 't', 'invalid-payload', '$', 'x', NULL, 1, 'x'), (2, 't', 'invalid-payload', '$', 'x', NULL, 1, 'x');
                """;
            create.ExecuteNonQuery();
        }
        using (var h = new ProcessorHarness(dir))
        {
            h.Send(Topic, "x", Received(3));
            h.Send(Topic, "x", Received(4));
            h.Processor.Flush();
            Assert.Equal(new[] { (1L, 1), (2L, 1), (Received(3), 2) },
                h.Store.Query("SELECT received_ms, deliveries FROM dead_letters ORDER BY received_ms", r => (r.GetInt64(0), r.GetInt32(1))));
        }
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void After_a_restart_the_tracker_resumes_from_the_store_and_still_sees_a_reset()
    {
        using var first = new ProcessorHarness();
        for (int seq = 1; seq <= 20; seq++) first.Send(Topic, TestData.Reading("alpha", "dev-a", seq, T0 + seq * 1000), Received(seq));
        first.Processor.Flush();
        first.Close();
        using var again = new ProcessorHarness(first.Dir);
        // The device was reset while the pipeline was down; an old seq 15 is redelivered too (it is stored already).
        for (int seq = 1; seq <= 3; seq++) again.Send(Topic, TestData.Reading("alpha", "dev-a", seq, T0 + 900_000 + seq * 1000), Received(200 + seq));
        again.Send(Topic, TestData.Reading("alpha", "dev-a", 15, T0 + 15_000), Received(300));
        again.Processor.Flush();
        Assert.Equal(23, again.Store.Count("readings"));
        Assert.Equal(1, again.Processor.Stats.DuplicatesSkipped);
        Assert.Equal(new[] { ("seq-restart", 1) }, again.Store.Query("SELECT kind, epoch FROM seq_events", r => (r.GetString(0), r.GetInt32(1))));
        again.Close();
    }

    [Fact]
    public void Implausible_timestamps_are_stored_flagged_and_left_out_of_time_based_reports()
    {
        using var h = new ProcessorHarness();
        long now = T0;
        h.Send(Topic, TestData.Reading("alpha", "dev-a", 1, now - 60_000, ch4: 10), now);
        h.Send(Topic, TestData.Reading("alpha", "dev-a", 2, 0, ch4: 20_000), now);                         // 1970
        h.Send(Topic, TestData.Reading("alpha", "dev-a", 3, 4_102_444_800_000, ch4: 30_000), now);         // 2100-01-01
        h.Send(Topic, TestData.Reading("alpha", "dev-a", 4, 9_007_199_254_740_991, ch4: 40_000), now);     // 2^53 - 1
        h.Send(Topic, TestData.Reading("alpha", "dev-a", 5, 1_000, ch4: 50_000, flags: 2), now);           // uptime: clock unsynced, not checked
        h.Processor.Flush();

        Assert.Equal(5, h.Store.Count("readings"));
        Assert.Equal(3, h.Processor.Stats.TimeFlagged);
        var flags = h.Store.Query("SELECT seq, time_flag, event_ms FROM readings ORDER BY seq", r => (r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt64(2)));
        Assert.Null(flags[0].Item2);
        Assert.Contains("before 2020-01-01", flags[1].Item2);
        Assert.Contains("more than 1 day after receipt", flags[2].Item2);
        Assert.Contains("9007199254740991", flags[3].Item2);
        Assert.Null(flags[4].Item2);
        Assert.All(flags.Skip(1), f => Assert.Equal(now, f.Item3)); // event time falls back to the receive time

        // Site aggregate over the last hour: the flagged ones (20,000-40,000 ppm) are not in it; the unsynced one is.
        SiteAggregate alpha = Assert.Single(h.Store.SiteAggregates(TimeSpan.FromHours(1), now));
        Assert.Equal((2L, 10.0, 50_000.0), (alpha.Count, alpha.Min, alpha.Max));
        // Alarm history: 50,000 ppm = 100 %LEL (high at alpha) is a change; the flagged 40 %LEL ones are not.
        Assert.Equal(new[] { 5L }, h.Store.AlarmHistory(0).Select(a => a.Seq));

        string outDir = Path.Combine(h.Dir, "report");
        IReadOnlyList<string> files = ReportRenderer.Render(h.Store, outDir); // used to throw ArgumentOutOfRangeException on 2^53-1
        Assert.Equal(4, files.Count);
    }

    [Fact]
    public void Oversized_and_deeply_nested_payloads_are_dead_lettered_and_the_next_reading_is_stored()
    {
        using var h = new ProcessorHarness();
        h.Send(Topic, new string('[', 60_000) + new string(']', 60_000));   // 120 KB, under the size limit, 60,000 deep
        h.Send(Topic, "{\"v\":1,\"thing\":\"dev-a\",\"site\":\"alpha\",\"seq\":1,\"timestamp\":1,\"ch4_ppm\":1,\"flags\":0,\"x\":" + new string('[', 5000) + new string(']', 5000) + "}");
        string fiveMegabytes = "{\"v\":1,\"fw\":\"" + new string('a', 5 * 1024 * 1024) + "\"}";
        h.Send(Topic, fiveMegabytes);
        h.Send(Topic, TestData.Reading("alpha", "dev-a", 2, T0));
        h.Processor.Flush();
        Assert.Equal(1, h.Store.Count("readings"));
        var letters = h.Store.Query("SELECT reason, field, payload_bytes FROM dead_letters ORDER BY payload_bytes", r => (r.GetString(0), r.GetString(1), r.GetInt32(2)));
        Assert.Equal(3, letters.Count);
        Assert.All(letters, l => Assert.Equal(("invalid-payload", "$"), (l.Item1, l.Item2)));
        Assert.Equal(new[] { 120_000, fiveMegabytes.Length }, new[] { letters[1].Item3, letters[2].Item3 });
    }

    [Fact]
    public void A_full_disk_under_the_archive_loses_nothing_and_leaves_valid_gzip()
    {
        var disk = new FillingDisk(capacityBytes: 1200);
        using var h = new ProcessorHarness(createArchiveFile: disk.Create);
        int seq = 0;
        // Commit until the disk is full; every commit that returned has its lines in a valid gzip file.
        var committed = new List<long>();
        IOException? full = null;
        while (full == null)
        {
            var batch = Enumerable.Range(0, 5).Select(_ => (long)++seq).ToArray();
            foreach (long s in batch) h.Send(Topic, TestData.Reading("alpha", "dev-a", s, T0 + s), Received(s));
            try
            {
                h.Processor.Flush();
                committed.AddRange(batch);
            }
            catch (IOException e)
            {
                full = e;
            }
        }
        Assert.Contains("No space left on device", full.Message);
        string file = Assert.Single(disk.Files.Keys);
        Assert.Equal(committed, SeqsIn(disk.Files[file].ToArray()));    // the torn member was cut off again: still valid gzip
        Assert.True(h.Processor.Pending > 0);

        disk.CapacityBytes = 1 << 20;                                     // space again: the retry writes what was buffered
        h.Processor.Flush();
        Assert.Equal(0, h.Processor.Pending);
        long[] stored = h.Store.Query("SELECT seq FROM readings ORDER BY seq", r => r.GetInt64(0)).ToArray();
        Assert.Equal(Enumerable.Range(1, seq).Select(i => (long)i), stored);
        Assert.Equal(stored, SeqsIn(disk.Files[file].ToArray()));
        Assert.Equal(0, h.Processor.Stats.DuplicatesSkipped);
    }

    [Fact]
    public void Archive_files_are_valid_gzip_for_the_gzip_tool_after_every_commit()
    {
        using var h = new ProcessorHarness();
        for (int commit = 0; commit < 3; commit++)
        {
            h.Send(Topic, TestData.Reading("alpha", "dev-a", commit + 1, T0 + commit), Received(commit));
            h.Processor.Flush();
            string file = Assert.Single(Directory.GetFiles(h.ArchiveRoot, "*.gz", SearchOption.AllDirectories));
            // Independent reader: gzip(1) tests every member and its CRC, with the file still open for appending.
            using var gzip = Process.Start(new ProcessStartInfo("gzip", ["-t", file]) { RedirectStandardError = true })!;
            string err = gzip.StandardError.ReadToEnd();
            gzip.WaitForExit();
            Assert.True(gzip.ExitCode == 0, err);
            Assert.Equal(commit + 1, StoreAndArchiveTests.ReadGzipLines(file).Length);
        }
    }

    private static long[] SeqsIn(byte[] gzip)
    {
        using var gz = new System.IO.Compression.GZipStream(new MemoryStream(gzip), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("seq").GetInt64()).ToArray();
    }
}

/// <summary>The processor behind another store (README "How to add a store"): the same guarantees, nothing DuckDB-specific.</summary>
public class SecondStoreTests
{
    private const string Topic = "dt/methane/alpha/dev-a/telemetry";
    private const long T0 = 1_700_000_000_000;

    private static TelemetryProcessor Processor(InMemoryReadingStore store, string archive) =>
        new(new Methane.Cloud.Enrichment.Enricher(TestData.Sites, new Methane.Cloud.Enrichment.InMemoryDeviceRegistry()), store,
            new RawArchiveWriter(archive, TimeSpan.FromHours(1)));

    [Fact]
    public void A_failed_write_is_retried_whole_a_restart_resumes_and_a_reset_is_a_new_epoch()
    {
        string dir = TestData.TempDir();
        var store = new InMemoryReadingStore();
        TelemetryProcessor first = Processor(store, Path.Combine(dir, "a1"));
        for (int seq = 1; seq <= 5; seq++) first.Process(Topic, TestData.Utf8(TestData.Reading("alpha", "dev-a", seq, T0 + seq)), T0 + 1000);
        store.FailNext = new IOException("No space left on device");
        Assert.Throws<IOException>(first.Flush);
        Assert.Empty(store.Readings);
        first.Flush();
        Assert.Equal(5, store.Readings.Count);

        TelemetryProcessor second = Processor(store, Path.Combine(dir, "a2")); // a restart on the same store
        second.Process(Topic, TestData.Utf8(TestData.Reading("alpha", "dev-a", 5, T0 + 5)), T0 + 2000);        // redelivered
        second.Process(Topic, TestData.Utf8(TestData.Reading("alpha", "dev-a", 1, T0 + 60_000)), T0 + 61_000); // after a reset
        second.Flush();
        Assert.Equal(6, store.Readings.Count);
        Assert.Equal(1, second.Stats.DuplicatesSkipped);
        Assert.True(store.Readings.ContainsKey(("dev-a", 1, 1)));
        Assert.Equal("seq-restart", Assert.Single(store.SeqEvents).Kind);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void A_redelivered_dead_letter_is_recorded_once()
    {
        string dir = TestData.TempDir();
        var store = new InMemoryReadingStore();
        TelemetryProcessor first = Processor(store, Path.Combine(dir, "a1"));
        first.Process(Topic, TestData.Utf8("{\"v\":2}"), T0);
        first.Flush();
        TelemetryProcessor second = Processor(store, Path.Combine(dir, "a2"));
        second.Process(Topic, TestData.Utf8("{\"v\":2}"), T0 + 1000);
        second.Flush();
        Assert.Equal(1, second.Stats.DeadLettersRedelivered);
        Assert.Equal(2, Assert.Single(store.DeadLetters).Value.Deliveries);
        Directory.Delete(dir, recursive: true);
    }
}
