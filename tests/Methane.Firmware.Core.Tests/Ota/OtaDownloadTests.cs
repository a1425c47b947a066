using System.Security.Cryptography;
using Methane.Firmware.Core.Ota;
using Xunit;

namespace Methane.Firmware.Core.Tests.Ota;

public sealed class OtaDownloadTests
{
    private const string Url = "https://127.0.0.1/images/app-1.2.0.bin";

    private static byte[] Image(int size, int seed = 7)
    {
        var image = new byte[size];
        new Random(seed).NextBytes(image);
        return image;
    }

    private sealed class Run
    {
        public readonly FakeClock Clock = new();
        public readonly FakeImageStore Store;
        public readonly FakeDownloader Server;
        public readonly OtaDownload Download;
        public readonly List<(long Received, long Total, int Percent, long At)> Reports = new();

        public Run(byte[] image, int capacity = 200_000, int chunk = 1000)
        {
            Store = new FakeImageStore(capacity);
            Server = new FakeDownloader(image, Clock);
            Download = new OtaDownload(Server, Store, Clock, new byte[chunk]) { InitialRetryDelayMs = 1000, MaxRetryDelayMs = 8000 };
            Download.Progress += (r, t, p) => Reports.Add((r, t, p, Clock.Now));
        }

        public OtaStepResult RunToEnd(int maxSteps = 100_000)
        {
            for (int i = 0; i < maxSteps; i++)
            {
                var r = Download.Step();
                if (r != OtaStepResult.Working)
                {
                    return r;
                }
                Clock.Now += 10; // the main loop's own pace
            }
            throw new Exception("download did not finish");
        }
    }

    [Fact]
    public void Clean_download_stages_the_exact_image_and_reports_every_ten_percent()
    {
        var image = Image(100_000);
        var run = new Run(image);
        Assert.Equal(OtaError.None, run.Download.Start(1, Url, image.Length, SHA256.HashData(image), 0));

        Assert.Equal(OtaStepResult.Completed, run.RunToEnd());
        Assert.Equal(image, run.Store.Content(1));
        Assert.Equal(new long[] { 0 }, run.Server.OpenOffsets);
        // 100 chunks of 1 % each, at most 10 ms apart in virtual time: only the 10 % crossings are reported.
        Assert.Equal(new[] { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 }, run.Reports.Select(r => r.Percent));
    }

    [Fact]
    public void Slow_server_progress_is_bounded_by_time_and_percent_not_per_chunk()
    {
        var image = Image(100_000);
        var run = new Run(image, chunk: 100); // 1000 chunks
        run.Server.ReadDelayMs = 2000;        // 2 s per chunk: 2000 s in total
        run.Download.ProgressIntervalMs = 60_000;
        run.Download.Start(0, Url, image.Length, SHA256.HashData(image), 0);

        Assert.Equal(OtaStepResult.Completed, run.RunToEnd());
        // Bound: 10 percent crossings + one per elapsed minute (2010 s -> 33) + 1.
        Assert.InRange(run.Reports.Count, 30, 10 + 34 + 1);
        for (int i = 1; i < run.Reports.Count; i++)
        {
            bool crossed = run.Reports[i].Percent / 10 > run.Reports[i - 1].Percent / 10;
            bool waited = run.Reports[i].At - run.Reports[i - 1].At >= 60_000;
            Assert.True(crossed || waited, $"report {i} came too soon");
        }
    }

    [Fact]
    public void Dropped_connections_resume_with_a_range_request_at_the_staged_length()
    {
        var image = Image(50_000);
        var run = new Run(image);
        run.Server.DropAt.Add(12_345);
        run.Server.DropAt.Add(30_000);
        run.Server.DropAt.Add(49_999);
        run.Download.Start(1, Url, image.Length, SHA256.HashData(image), 0);

        Assert.Equal(OtaStepResult.Completed, run.RunToEnd());
        Assert.Equal(image, run.Store.Content(1));
        Assert.Equal(new long[] { 0, 12_345, 30_000, 49_999 }, run.Server.OpenOffsets);
        Assert.Equal(image.Length, run.Server.BytesServed); // nothing fetched twice
    }

    [Fact]
    public void Retries_wait_with_growing_delays_and_give_up_after_MaxRetries()
    {
        var image = Image(10_000);
        var run = new Run(image);
        run.Download.MaxRetries = 4;
        for (int i = 0; i < 10; i++)
        {
            run.Server.OpenFailures.Enqueue(i % 2 == 0 ? DownloadStatus.ServerError : DownloadStatus.Timeout);
        }
        run.Download.Start(1, Url, image.Length, SHA256.HashData(image), 0);

        Assert.Equal(OtaStepResult.Failed, run.RunToEnd());
        Assert.Equal(OtaError.ConnectionLost, run.Download.Error);
        Assert.Equal(5, run.Server.OpenOffsets.Count); // the first attempt + 4 retries
        var gaps = run.Server.OpenTimes.Zip(run.Server.OpenTimes.Skip(1), (a, b) => b - a).ToArray();
        // Delays 1 s, 2 s, 4 s, 8 s (cap), each observed to within one 10 ms loop tick.
        Assert.Equal(new long[] { 1000, 2000, 4000, 8000 }, gaps.Select(g => g / 10 * 10).ToArray());
    }

    [Fact]
    public void A_transient_failure_then_success_completes()
    {
        var image = Image(10_000);
        var run = new Run(image);
        run.Server.OpenFailures.Enqueue(DownloadStatus.ServerError);
        run.Server.OpenFailures.Enqueue(DownloadStatus.ConnectionDropped);
        run.Download.Start(1, Url, image.Length, SHA256.HashData(image), 0);
        Assert.Equal(OtaStepResult.Completed, run.RunToEnd());
        Assert.Equal(image, run.Store.Content(1));
    }

    [Fact]
    public void Not_found_fails_at_once()
    {
        var image = Image(10_000);
        var run = new Run(image);
        run.Server.OpenFailures.Enqueue(DownloadStatus.NotFound);
        run.Download.Start(1, Url, image.Length, SHA256.HashData(image), 0);
        Assert.Equal(OtaStepResult.Failed, run.RunToEnd());
        Assert.Equal(OtaError.NotFound, run.Download.Error);
        Assert.Single(run.Server.OpenOffsets);
    }

    [Fact]
    public void Wrong_hash_fails_after_the_whole_image()
    {
        var image = Image(10_000);
        var run = new Run(image);
        var wrong = SHA256.HashData(image);
        wrong[31] ^= 1;
        run.Download.Start(1, Url, image.Length, wrong, 0);
        Assert.Equal(OtaStepResult.Failed, run.RunToEnd());
        Assert.Equal(OtaError.HashMismatch, run.Download.Error);
        Assert.Equal("sha256 mismatch", OtaErrorText.Reason(run.Download.Error));
    }

    [Fact]
    public void Declared_size_larger_than_the_slot_is_refused_before_any_request()
    {
        var image = Image(10_000);
        var run = new Run(image, capacity: 9_999);
        Assert.Equal(OtaError.SizeExceedsSlot, run.Download.Start(1, Url, image.Length, SHA256.HashData(image), 0));
        Assert.Equal(OtaStepResult.Failed, run.Download.Step());
        Assert.Empty(run.Server.OpenOffsets);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Non_positive_size_is_an_invalid_request(long size)
    {
        var run = new Run(Image(10));
        Assert.Equal(OtaError.InvalidRequest, run.Download.Start(1, Url, size, new byte[32], 0));
    }

    [Fact]
    public void Server_length_different_from_declared_size_fails_before_storing()
    {
        var image = Image(10_000);
        var run = new Run(image);
        run.Download.Start(1, Url, 9_000, SHA256.HashData(image.AsSpan(0, 9_000)), 0);
        Assert.Equal(OtaStepResult.Failed, run.RunToEnd());
        Assert.Equal(OtaError.ServerSizeMismatch, run.Download.Error);
        Assert.Equal(0, run.Store.GetLength(1));
    }

    [Fact]
    public void Body_shorter_than_declared_without_announced_length_fails_as_too_short()
    {
        var image = Image(10_000);
        var run = new Run(image);
        run.Server.AnnouncedLength = -1;
        run.Download.Start(1, Url, 12_000, new byte[32], 0);
        Assert.Equal(OtaStepResult.Failed, run.RunToEnd());
        Assert.Equal(OtaError.ImageTooShort, run.Download.Error);
    }

    [Fact]
    public void Body_longer_than_declared_is_never_written_past_the_declared_size()
    {
        var image = Image(10_000);
        var run = new Run(image);
        run.Server.AnnouncedLength = -1;
        run.Download.Start(1, Url, 8_000, SHA256.HashData(image.AsSpan(0, 8_000)), 0);
        // Without an announced length the extra bytes are simply not requested; the declared prefix is what was hashed.
        Assert.Equal(OtaStepResult.Completed, run.RunToEnd());
        Assert.Equal(8_000, run.Store.GetLength(1));
    }

    [Fact]
    public void Resume_after_reboot_rehashes_the_staged_bytes_and_fetches_only_the_rest()
    {
        var image = Image(50_000);
        var rail = new PowerRail { CutAt = { 21 } }; // the 21st append is torn: 20 full chunks + half a chunk survive
        var store = new FakeImageStore(100_000, rail);
        var clock = new FakeClock();
        var first = new OtaDownload(new FakeDownloader(image, clock), store, clock, new byte[1000]);
        first.Start(1, Url, image.Length, SHA256.HashData(image), 0);
        Assert.Throws<PowerCutException>(() => { while (first.Step() == OtaStepResult.Working) { } });
        Assert.Equal(20_500, store.GetLength(1));

        // After the reboot: a new process with new objects over the same flash.
        var server = new FakeDownloader(image, clock);
        var resumed = new OtaDownload(server, store, clock, new byte[1000]);
        resumed.Start(1, Url, image.Length, SHA256.HashData(image), 0);
        OtaStepResult result;
        while ((result = resumed.Step()) == OtaStepResult.Working) { }
        Assert.Equal(OtaStepResult.Completed, result);
        Assert.Equal(new long[] { 20_500 }, server.OpenOffsets);
        Assert.Equal(50_000 - 20_500, server.BytesServed);
        Assert.Equal(image, store.Content(1));
    }

    [Fact]
    public void Torn_garbage_before_a_reboot_is_caught_by_the_hash_and_refetched_once_from_zero()
    {
        var image = Image(30_000);
        var rail = new PowerRail { CutAt = { 5 } };
        var store = new FakeImageStore(100_000, rail) { TornAppendLeavesGarbage = true };
        var clock = new FakeClock();
        var first = new OtaDownload(new FakeDownloader(image, clock), store, clock, new byte[1000]);
        first.Start(1, Url, image.Length, SHA256.HashData(image), 0);
        Assert.Throws<PowerCutException>(() => { while (first.Step() == OtaStepResult.Working) { } });

        var server = new FakeDownloader(image, clock);
        var resumed = new OtaDownload(server, store, clock, new byte[1000]);
        resumed.Start(1, Url, image.Length, SHA256.HashData(image), 0);
        OtaStepResult result;
        while ((result = resumed.Step()) == OtaStepResult.Working) { }
        Assert.Equal(OtaStepResult.Completed, result);
        Assert.Equal(new long[] { 4_500, 0 }, server.OpenOffsets);
        Assert.Equal(image, store.Content(1));
    }

    [Fact]
    public void Fully_staged_image_after_a_reboot_is_verified_without_any_request()
    {
        var image = Image(20_000);
        var run = new Run(image);
        run.Store.Flash(1, image);
        // Flash() sets the commit marker; a store that finished appending but not the marker is the same to the download.
        run.Download.Start(1, Url, image.Length, SHA256.HashData(image), 0);
        Assert.Equal(OtaStepResult.Completed, run.RunToEnd());
        Assert.Empty(run.Server.OpenOffsets);
    }

    [Fact]
    public void Server_ignoring_range_restarts_from_zero()
    {
        var image = Image(20_000);
        var run = new Run(image);
        run.Server.DropAt.Add(7_000);
        run.Server.IgnoresRange = true;
        run.Download.Start(1, Url, image.Length, SHA256.HashData(image), 0);
        Assert.Equal(OtaStepResult.Completed, run.RunToEnd());
        Assert.Equal(new long[] { 0, 7_000, 0 }, run.Server.OpenOffsets);
        Assert.Equal(image, run.Store.Content(1));
    }

    [Fact]
    public void Storage_failure_fails_the_download()
    {
        var image = Image(20_000);
        var run = new Run(image);
        run.Store.FailAppends = true;
        run.Download.Start(1, Url, image.Length, SHA256.HashData(image), 0);
        Assert.Equal(OtaStepResult.Failed, run.RunToEnd());
        Assert.Equal(OtaError.StorageError, run.Download.Error);
    }

    [Fact]
    public void Receiving_allocates_nothing()
    {
        var image = Image(100_000);
        var clock = new FakeClock();
        var download = new OtaDownload(new FakeDownloader(image, clock), new FakeImageStore(200_000), clock, new byte[1000]);
        int reports = 0;
        download.Progress += (r, t, p) => reports++;
        download.Start(1, "https://x/y", image.Length, SHA256.HashData(image), 0);
        download.Step(); // connect
        for (int i = 0; i < 5; i++)
        {
            download.Step(); // warm up (JIT tiering)
        }
        // Three rounds of 30 steps, the least allocating one counts: an allocation in Step shows in every round, while the
        // runtime's own bookkeeping (tiered compilation finishing on a loaded machine) can charge a single round.
        long least = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 30; i++)
            {
                download.Step();
            }
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, least);
        Assert.True(reports >= 8);
    }
}
