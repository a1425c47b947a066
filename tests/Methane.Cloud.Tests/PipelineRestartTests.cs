using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Globalization;
using Methane.Broker;
using Methane.Cloud.Pipeline;
using Methane.Pki;
using Methane.Testing;
using MQTTnet;

namespace Methane.Cloud.Tests;

/// <summary>
/// The pipeline against a real Mosquitto when either side goes away (issue 17, findings 2, 3, 4 and disk full): every
/// reading the broker acknowledged to a device is stored exactly once, in DuckDB and in a valid gzip archive.
/// </summary>
public partial class PipelineRestartTests
{
    [MosquittoFact]
    public async Task A_broker_restart_mid_stream_loses_nothing_and_the_pipeline_reconnects_to_its_session()
    {
        using TestPki pki = TestPki.Create("pipe-broker-restart");
        using MosquittoBroker broker = MosquittoBroker.Start(pki);
        string dir = TestData.TempDir();
        var log = new ConcurrentQueue<string>();
        var reconnecting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var back = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        const int total = 300;
        await using (MethanePipeline pipeline = await MethanePipeline.StartAsync(Options(broker, pki, dir, log)))
        {
            pipeline.StateChanged += s =>
            {
                if (s == PipelineState.Reconnecting) reconnecting.TrySetResult();
                else if (s == PipelineState.Connected && reconnecting.Task.IsCompleted) back.TrySetResult(Environment.TickCount64);
            };
            await using var device = new ReliableDevice(broker, pki, "dev-restart");
            long brokerBackAt = 0;
            int sentWhileAway = 0;
            Task sending = Task.Run(async () =>
            {
                for (int seq = 1; seq <= total; seq++)
                {
                    await Task.Delay(10); // a stream of about 100 readings/s, so that both restarts fall in the middle of it
                    await device.SendAsync(seq, TimeSpan.FromSeconds(60));
                    if (Volatile.Read(ref brokerBackAt) != 0 && !back.Task.IsCompleted) Interlocked.Increment(ref sentWhileAway);
                }
            });
            await WaitUntil(() => pipeline.Stats.ReadingsStored >= 100, TimeSpan.FromSeconds(30), "100 readings stored before the restart");
            broker.Stop();
            await reconnecting.Task.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(PipelineState.Reconnecting, pipeline.State);
            broker.StartAgain();
            Volatile.Write(ref brokerBackAt, Environment.TickCount64);
            await sending;
            await WaitUntil(() => pipeline.Stats.ReadingsStored >= total, TimeSpan.FromSeconds(60), $"{total} readings stored");
            Assert.True(await pipeline.DrainAsync(TimeSpan.FromSeconds(10)));
            long reconnectedAt = await back.Task.WaitAsync(TimeSpan.FromSeconds(5));

            Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), Seqs(pipeline.Database!));
            Assert.True(pipeline.Reconnects >= 1, pipeline.Status);
            Assert.Contains(log, l => l.Contains("Reconnecting: connection to", StringComparison.Ordinal));
            Assert.Contains(log, l => l.Contains("session resumed", StringComparison.Ordinal));
            long reconnectMs = reconnectedAt - Volatile.Read(ref brokerBackAt);
            TestFigures.Report($"pipeline broker restart: {total} readings, 0 lost, stored once; reconnected {reconnectMs} ms after the broker was back; " +
                $"{sentWhileAway} readings sent while the pipeline was away (queued by the broker), {device.Resends} device resends, {pipeline.Stats.DuplicatesSkipped} duplicates skipped");
        }
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), ArchiveSeqs(Path.Combine(dir, "archive")).Distinct().Order());
        Cleanup(dir);
    }

    [Fact]
    public async Task Without_a_broker_the_start_throws_or_keeps_retrying_as_configured()
    {
        string dir = TestData.TempDir();
        var options = new PipelineOptions
        {
            BrokerHost = MosquittoBroker.Host, BrokerPort = LocalMosquitto.FreePort(), // nothing listens there
            DatabasePath = Path.Combine(dir, "pipeline.duckdb"), ArchiveRoot = Path.Combine(dir, "archive"), SitesFile = SynthesizedTemplates.SitesFile,
            ReconnectDelayMin = TimeSpan.FromMilliseconds(100),
        };
        await Assert.ThrowsAnyAsync<Exception>(() => MethanePipeline.StartAsync(options));

        var log = new ConcurrentQueue<string>();
        await using (MethanePipeline pipeline = await MethanePipeline.StartAsync(options with { RetryFirstConnect = true, Log = log.Enqueue }))
        {
            Assert.Equal(PipelineState.Reconnecting, pipeline.State);
            Assert.Contains("refused", pipeline.LastError, StringComparison.OrdinalIgnoreCase);
            Assert.StartsWith("state Reconnecting (", pipeline.Status);
            await WaitUntil(() => log.Any(l => l.Contains("reconnect attempt 2 failed", StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "two retries", () => string.Join('\n', log));
            Assert.Equal(0, pipeline.Reconnects);
        }
        Assert.Contains(log, l => l.StartsWith("pipeline Stopped:", StringComparison.Ordinal));
        Cleanup(dir);
    }

    [MosquittoFact]
    public async Task Run_started_before_the_broker_retries_with_backoff_and_connects_once_the_broker_is_up()
    {
        using TestPki pki = TestPki.Create("pipe-broker-late");
        int port = LocalMosquitto.FreePort();
        string dir = TestData.TempDir();
        const int total = 20;
        using (PipelineProcess pipeline = PipelineProcess.Start(port, pki, dir))
        {
            // Nothing listens on the port: the process keeps running, says why, and retries with doubling backoff.
            await pipeline.WaitForLineAsync($"Reconnecting: broker 127.0.0.1:{port} not reachable at start (", TimeSpan.FromSeconds(30));
            await pipeline.WaitForLineAsync("reconnect attempt 2 failed (", TimeSpan.FromSeconds(30));
            await pipeline.WaitForLineAsync("state Reconnecting (", TimeSpan.FromSeconds(30));   // the 5 s status line
            string refused = pipeline.Output;
            Assert.Contains("refused", refused, StringComparison.OrdinalIgnoreCase);
            // README: first retry after 0.5 s, doubling per failed attempt (the log names the next wait).
            double[] waits = NextWaits().Matches(refused).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
            Assert.True(waits.Length >= 2, refused);
            Assert.Equal(new[] { 1.0, 2.0 }, waits[..2]);

            using MosquittoBroker broker = MosquittoBroker.Start(pki, new MosquittoOptions { Port = port });
            var watch = Stopwatch.StartNew();
            await pipeline.WaitForLineAsync("Connected: connected to", TimeSpan.FromSeconds(60));
            long connectedMs = watch.ElapsedMilliseconds;

            await using (var device = new ReliableDevice(broker, pki, "dev-late"))
            {
                for (int seq = 1; seq <= total; seq++) await device.SendAsync(seq, TimeSpan.FromSeconds(10));
            }
            await WaitUntil(() => pipeline.LastStoredCount() >= total, TimeSpan.FromSeconds(30), $"{total} readings stored", () => pipeline.Output);
            pipeline.Terminate();
            Assert.Equal(0, await pipeline.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            TestFigures.Report($"pipeline started before the broker: {waits.Length} failed attempts logged before the broker came up (waits {string.Join(", ", waits.Select(w => w.ToString("F1", CultureInfo.InvariantCulture)))} s), " +
                $"connected {connectedMs} ms after the broker accepted, {total} readings stored");
        }
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), SeqsIn(Path.Combine(dir, "pipeline.duckdb")));
        Cleanup(dir);
    }

    [MosquittoFact]
    public async Task Readings_sent_while_the_pipeline_is_away_are_queued_and_stored_once()
    {
        // Retained messages no longer exist on these brokers (retain_available false, as devices lack iot:RetainPublish);
        // redelivery of the same reading across restarts is covered by PipelineAdversarialTests.
        using TestPki pki = TestPki.Create("pipe-away");
        using MosquittoBroker broker = MosquittoBroker.Start(pki);
        string dir = TestData.TempDir();
        var log = new ConcurrentQueue<string>();
        PipelineOptions options = Options(broker, pki, dir, log);
        await using var device = new ReliableDevice(broker, pki, "dev-away");

        await using (MethanePipeline first = await MethanePipeline.StartAsync(options))
        {
            for (int seq = 1; seq <= 21; seq++) await device.SendAsync(seq, TimeSpan.FromSeconds(10));
            await WaitUntil(() => first.Stats.ReadingsStored >= 21, TimeSpan.FromSeconds(20), "21 readings stored");
        }
        const int away = 200;
        for (int seq = 22; seq < 22 + away; seq++) await device.SendAsync(seq, TimeSpan.FromSeconds(10));
        var watch = Stopwatch.StartNew();
        await using (MethanePipeline second = await MethanePipeline.StartAsync(options))
        {
            await WaitUntil(() => second.Stats.ReadingsStored >= away, TimeSpan.FromSeconds(30), $"{away} queued readings stored");
            long recoveredMs = watch.ElapsedMilliseconds;
            Assert.True(await second.DrainAsync(TimeSpan.FromSeconds(5)));
            Assert.Equal(0, second.Stats.DuplicatesSkipped);
            Assert.Equal(Enumerable.Range(1, 21 + away).Select(i => (long)i), Seqs(second.Database!));
            TestFigures.Report($"pipeline away: {away} readings published while it was stopped, queued by Mosquitto, all stored {recoveredMs} ms after it started again");
        }
        Cleanup(dir);
    }

    [MosquittoFact]
    public async Task Sigterm_drains_acknowledged_readings_and_closes_a_valid_archive_that_matches_the_store()
    {
        using TestPki pki = TestPki.Create("pipe-sigterm");
        using MosquittoBroker broker = MosquittoBroker.Start(pki);
        string dir = TestData.TempDir();
        const int total = 2000;
        await using var device = new ReliableDevice(broker, pki, "dev-term");
        int firstStored;

        using (PipelineProcess first = PipelineProcess.Start(broker, pki, dir))
        {
            await first.WaitForLineAsync("Connected:", TimeSpan.FromSeconds(30));
            // Readings keep arriving while the signal comes: some are in flight, some not yet sent.
            int sent = 0;
            Task sending = Task.Run(async () =>
            {
                for (int seq = 1; seq <= total; seq++)
                {
                    await Task.Delay(2); // a steady stream, so that the signal falls in the middle of it
                    await device.SendAsync(seq, TimeSpan.FromSeconds(30));
                    Volatile.Write(ref sent, seq);
                }
            });
            await WaitUntil(() => Volatile.Read(ref sent) >= 300, TimeSpan.FromSeconds(30), "300 readings sent");
            var watch = Stopwatch.StartNew();
            first.Terminate();
            int exit = await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
            long drainMs = watch.ElapsedMilliseconds;
            Assert.True(exit == 0, $"exit {exit}:\n{first.Output}");
            Assert.Contains("archive closed", first.Output);
            await sending;

            long[] stored = SeqsIn(Path.Combine(dir, "pipeline.duckdb"));
            long[] archived = ArchiveSeqs(Path.Combine(dir, "archive"));
            Assert.All(Directory.GetFiles(Path.Combine(dir, "archive"), "*.gz", SearchOption.AllDirectories), GzipTest);
            Assert.Equal(stored, archived.Distinct().Order());
            Assert.NotEmpty(stored);
            TestFigures.Report($"pipeline SIGTERM: process exited 0 {drainMs} ms after the signal (drain, disconnect, archive and store closed), {stored.Length} of {total} readings stored by then, archive valid gzip with the same readings");
            firstStored = stored.Length;
        }

        // Everything the first process did not store is still with the broker (not acknowledged): the next run stores it.
        using (PipelineProcess second = PipelineProcess.Start(broker, pki, dir))
        {
            await second.WaitForLineAsync("Connected:", TimeSpan.FromSeconds(30));
            await WaitUntil(() => second.LastStoredCount() >= total - firstStored, TimeSpan.FromSeconds(60), "the rest stored by the second run", () => second.Output);
            second.Terminate();
            Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), SeqsIn(Path.Combine(dir, "pipeline.duckdb")));
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), ArchiveSeqs(Path.Combine(dir, "archive")).Distinct().Order());
        Cleanup(dir);
    }

    [MosquittoFact]
    public async Task A_killed_pipeline_leaves_valid_gzip_and_the_next_run_stores_every_reading_once()
    {
        using TestPki pki = TestPki.Create("pipe-sigkill");
        using MosquittoBroker broker = MosquittoBroker.Start(pki);
        string dir = TestData.TempDir();
        const int total = 1500;
        await using var device = new ReliableDevice(broker, pki, "dev-kill");
        int sent = 0;
        Task sending;
        using (PipelineProcess first = PipelineProcess.Start(broker, pki, dir))
        {
            await first.WaitForLineAsync("Connected:", TimeSpan.FromSeconds(30));
            sending = Task.Run(async () =>
            {
                for (int seq = 1; seq <= total; seq++)
                {
                    await Task.Delay(2);
                    await device.SendAsync(seq, TimeSpan.FromSeconds(30));
                    Volatile.Write(ref sent, seq);
                }
            });
            await WaitUntil(() => Volatile.Read(ref sent) >= 400, TimeSpan.FromSeconds(30), "400 readings sent");
            first.Kill(); // SIGKILL: no drain, no close
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        // Every archive file ends after a complete gzip member, even without a close.
        Assert.All(Directory.GetFiles(Path.Combine(dir, "archive"), "*.gz", SearchOption.AllDirectories), GzipTest);
        long storedByFirst = SeqsIn(Path.Combine(dir, "pipeline.duckdb")).Length;
        await sending;
        using (PipelineProcess second = PipelineProcess.Start(broker, pki, dir))
        {
            await second.WaitForLineAsync("Connected:", TimeSpan.FromSeconds(30));
            await WaitUntil(() => second.LastStoredCount() >= total - storedByFirst, TimeSpan.FromSeconds(60), "the rest stored by the second run", () => second.Output);
            second.Terminate();
            Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), SeqsIn(Path.Combine(dir, "pipeline.duckdb")));
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), ArchiveSeqs(Path.Combine(dir, "archive")).Distinct().Order());
        TestFigures.Report($"pipeline SIGKILL mid-stream: {storedByFirst} of {total} stored before the kill, archive valid gzip without a close, 0 lost and 0 stored twice after the next run");
        Cleanup(dir);
    }

    [TmpfsFact]
    public async Task A_full_disk_stops_acknowledging_and_nothing_is_lost_when_space_returns()
    {
        using TestPki pki = TestPki.Create("pipe-disk-full");
        using MosquittoBroker broker = MosquittoBroker.Start(pki);
        using var disk = TmpfsMount.Create(16 * 1024 * 1024);
        var log = new ConcurrentQueue<string>();
        PipelineOptions options = Options(broker, pki, disk.Path, log) with
        {
            StoreRetryDelay = TimeSpan.FromMilliseconds(200),
            DrainTimeout = TimeSpan.FromSeconds(2),
        };
        await using var device = new ReliableDevice(broker, pki, "dev-full");
        string filler = Path.Combine(disk.Path, "filler");
        long unstored, storedBefore;
        await using (MethanePipeline pipeline = await MethanePipeline.StartAsync(options))
        {
            var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            pipeline.StateChanged += s => { if (s == PipelineState.StoreFailed) failed.TrySetResult(); };
            for (int seq = 1; seq <= 20; seq++) await device.SendAsync(seq, TimeSpan.FromSeconds(10));
            await WaitUntil(() => pipeline.Acknowledged >= 20, TimeSpan.FromSeconds(20), "20 readings stored and acknowledged");
            FillUp(filler);
            for (int seq = 21; seq <= 60; seq++) await device.SendAsync(seq, TimeSpan.FromSeconds(10));
            await failed.Task.WaitAsync(TimeSpan.FromSeconds(20));
            await WaitUntil(() => pipeline.Delivered >= 60, TimeSpan.FromSeconds(20), "60 delivered to the pipeline");
            Assert.Equal(PipelineState.StoreFailed, pipeline.State);
            Assert.Contains("No space left on device", pipeline.LastError);
            // Acknowledged are exactly the stored ones (the PUBACKs go out asynchronously after the commit).
            storedBefore = pipeline.Stats.ReadingsStored;
            await WaitUntil(() => pipeline.Acknowledged >= storedBefore, TimeSpan.FromSeconds(10), "stored readings acknowledged");
            Assert.True(storedBefore == pipeline.Acknowledged, pipeline.Status);
            Assert.True(storedBefore < 60, $"the disk was full but {storedBefore} of 60 were stored");
            unstored = await pipeline.StopAsync();   // the stop gives up on the rest: they stay with the broker
            Assert.Equal(storedBefore, pipeline.Acknowledged);
        }
        Assert.Equal(60 - storedBefore, unstored);
        Assert.Contains(log, l => l.Contains("StoreFailed: write failed", StringComparison.Ordinal));

        File.Delete(filler);
        await using (MethanePipeline again = await MethanePipeline.StartAsync(options))
        {
            await WaitUntil(() => again.Stats.ReadingsStored >= unstored, TimeSpan.FromSeconds(30), "the unacknowledged readings delivered again and stored");
            Assert.True(await again.DrainAsync(TimeSpan.FromSeconds(5)));
            Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), Seqs(again.Database!));
        }
        Assert.All(Directory.GetFiles(Path.Combine(disk.Path, "archive"), "*.gz", SearchOption.AllDirectories), GzipTest);
        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), ArchiveSeqs(Path.Combine(disk.Path, "archive")).Distinct().Order());
        TestFigures.Report($"pipeline disk full (16 MB tmpfs): {unstored} of 60 readings received while the disk was full, none of them acknowledged, 0 lost: all stored once by the next run after space returned");
    }

    internal static PipelineOptions Options(MosquittoBroker broker, TestPki pki, string dir, ConcurrentQueue<string> log) => new()
    {
        BrokerHost = MosquittoBroker.Host,
        BrokerPort = broker.Port,
        CaCertificate = pki.CaCertificate(),
        ClientCertificate = pki.ClientCertificate(ServiceIdentity.Pipeline),
        ClientId = ServiceIdentity.Pipeline,
        DatabasePath = Path.Combine(dir, "pipeline.duckdb"),
        ArchiveRoot = Path.Combine(dir, "archive"),
        SitesFile = SynthesizedTemplates.SitesFile,
        FlushInterval = TimeSpan.FromMilliseconds(50),
        ReconnectDelayMin = TimeSpan.FromSeconds(1),
        Log = log.Enqueue,
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"failed \(.*\); next in (\d+\.\d) s")]
    private static partial System.Text.RegularExpressions.Regex NextWaits();

    private static void FillUp(string path)
    {
        using var f = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 0);
        var block = new byte[64 * 1024];
        try
        {
            while (true) f.Write(block);
        }
        catch (IOException)
        {
        }
        for (int size = 32 * 1024; size >= 1; size /= 2)
        {
            try { f.Write(block, 0, size); } catch (IOException) { }
        }
    }

    internal static long[] Seqs(DuckDbStore store) => store.Query("SELECT seq FROM readings ORDER BY seq", r => r.GetInt64(0)).ToArray();

    internal static long[] SeqsIn(string dbPath)
    {
        using var store = new DuckDbStore(dbPath);
        return Seqs(store);
    }

    internal static long[] ArchiveSeqs(string root) => Directory.GetFiles(root, "*.gz", SearchOption.AllDirectories)
        .SelectMany(StoreAndArchiveTests.ReadGzipLines)
        .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("seq").GetInt64()).Order().ToArray();

    /// <summary>gzip(1) as the independent judge of the archive format (every member, every CRC).</summary>
    internal static void GzipTest(string file)
    {
        using var gzip = Process.Start(new ProcessStartInfo("gzip", ["-t", file]) { RedirectStandardError = true })!;
        string err = gzip.StandardError.ReadToEnd();
        gzip.WaitForExit();
        Assert.True(gzip.ExitCode == 0, $"gzip -t {file}: {err}");
    }

    internal static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, string what, Func<string>? context = null)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline) Assert.Fail($"not within {timeout}: {what}{(context != null ? "\n" + context() : "")}");
            await Task.Delay(20);
        }
    }

    private static void Cleanup(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
