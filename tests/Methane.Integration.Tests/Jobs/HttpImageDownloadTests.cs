using System.Diagnostics;
using System.Security.Cryptography;
using Methane.Firmware.Core.Ota;
using Methane.Firmware.Host.Adapters.Ota;
using Methane.Integration.Tests.EndToEnd;
using Methane.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Methane.Integration.Tests.Jobs;

/// <summary>
/// Issue 4, item 5: the core's resumable <see cref="OtaDownload"/> over the host's <see cref="HttpImageDownloader"/> and
/// <see cref="FileImageStore"/>, against a real HTTPS server (Kestrel, test-PKI certificate) that injects faults.
/// </summary>
public sealed class HttpImageDownloadTests : IDisposable
{
    private const int ImageBytes = 200_000;
    private static readonly byte[] Image = HostImage.Build("2.0.0", ImageBytes, seed: 7);
    private static readonly byte[] ImageSha = SHA256.HashData(Image);

    private readonly ITestOutputHelper _output;
    private readonly TestPki _pki = TestPki.Create("ota-http");
    private readonly ImageServer _server;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "methane-ota-http-" + Guid.NewGuid().ToString("N")[..12]);

    public HttpImageDownloadTests(ITestOutputHelper output)
    {
        _output = output;
        _server = ImageServer.Start(_pki.Ca);
        _server.Serve("fw/2.0.0.img", Image);
    }

    private sealed class Run
    {
        public OtaStepResult Result;
        public OtaError Error;
        public long ElapsedMs;
        public int ProgressEvents;
        public required FileImageStore Store;
        public required HttpImageDownloader Http;
    }

    private Run Download(long declaredSize, byte[] sha, string path = "fw/2.0.0.img", TimeSpan? readTimeout = null,
        int maxRetries = 8, HttpImageDownloader? http = null, bool erase = true, int maxSteps = int.MaxValue)
    {
        var clock = new SystemClock();
        var store = new FileImageStore(_folder, 1024 * 1024);
        if (erase) store.Erase(1);
        http ??= new HttpImageDownloader(new(_pki.CaCertificate()), TimeSpan.FromSeconds(5), readTimeout ?? TimeSpan.FromSeconds(5));
        var download = new OtaDownload(http, store, clock, new byte[4096])
        {
            InitialRetryDelayMs = 50,
            MaxRetryDelayMs = 200,
            MaxRetries = maxRetries,
            ProgressPercentStep = 10,
        };
        var run = new Run { Store = store, Http = http };
        download.Progress += (_, _, _) => run.ProgressEvents++;
        Assert.Equal(OtaError.None, download.Start(1, _server.Url(path), declaredSize, sha, 0));
        var sw = Stopwatch.StartNew();
        OtaStepResult r = OtaStepResult.Working;
        for (int steps = 0; r == OtaStepResult.Working && steps < maxSteps; steps++)
        {
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20), "download did not finish");
            r = download.Step();
            if (r == OtaStepResult.Working && !download.IsActive) break;
        }
        if (maxSteps != int.MaxValue) download.Abort();
        run.Result = r;
        run.Error = download.Error;
        run.ElapsedMs = sw.ElapsedMilliseconds;
        return run;
    }

    private void Figure(string name, Run run) =>
        TestFigures.Report($"figure: ota http {name}: {ImageBytes} bytes in {run.ElapsedMs} ms " +
            $"({ImageBytes / 1024.0 / Math.Max(1, run.ElapsedMs) * 1000:F0} KiB/s), requests {run.Http.Requests}, " +
            $"range resumes {run.Http.RangeRequests}, progress reports {run.ProgressEvents}", _output.WriteLine);

    [Fact]
    public void A_good_image_is_fetched_in_one_request_and_verified()
    {
        Run run = Download(Image.Length, ImageSha);
        Figure("clean", run);
        Assert.Equal(OtaStepResult.Completed, run.Result);
        Assert.Equal(Image, run.Store.Content(1));
        Assert.Equal(1, run.Http.Requests);
        // 4 KB chunks are 49 Reads; progress comes every 10 %: at most 10 reports, never one per chunk.
        Assert.InRange(run.ProgressEvents, 9, 10);
    }

    [Fact]
    public void Connections_cut_mid_file_resume_with_range_requests_at_the_staged_length()
    {
        _server.CutAt(50_000);
        _server.CutAt(150_001);
        Run run = Download(Image.Length, ImageSha);
        Figure("two cuts", run);
        Assert.Equal(OtaStepResult.Completed, run.Result);
        Assert.Equal(Image, run.Store.Content(1));
        // Each resume asks for exactly the bytes not yet staged (the cut offsets).
        Assert.Equal(new long[] { 0, 50_000, 150_001 }, _server.Log.Select(r => r.RangeStart).ToArray());
        Assert.Equal(new[] { 200, 206, 206 }, _server.Log.Select(r => r.Status).ToArray());
        Assert.Equal(2, run.Http.RangeRequests);
    }

    [Fact]
    public void A_restart_mid_download_resumes_from_the_bytes_already_in_the_slot()
    {
        Run first = Download(Image.Length, ImageSha, maxSteps: 20);
        long staged = first.Store.GetLength(1);
        Assert.InRange(staged, 4096, Image.Length - 1);
        // "Reboot": new downloader, new OtaDownload, same slot file.
        Run second = Download(Image.Length, ImageSha, erase: false);
        Assert.Equal(OtaStepResult.Completed, second.Result);
        Assert.Equal(Image, second.Store.Content(1));
        Assert.Equal(staged, _server.Log[^1].RangeStart);
    }

    [Fact]
    public void A_wrong_hash_fails_after_the_whole_image_with_hash_mismatch()
    {
        byte[] other = SHA256.HashData(new byte[] { 1, 2, 3 });
        Run run = Download(Image.Length, other);
        Assert.Equal(OtaStepResult.Failed, run.Result);
        Assert.Equal(OtaError.HashMismatch, run.Error);
        Assert.Equal(Image.Length, run.Store.GetLength(1));
        Assert.False(run.Store.HasCommitMarker(1));
    }

    [Fact]
    public void A_server_size_different_from_the_document_fails_before_the_body_is_stored()
    {
        Run run = Download(Image.Length + 1, ImageSha);
        Assert.Equal(OtaStepResult.Failed, run.Result);
        Assert.Equal(OtaError.ServerSizeMismatch, run.Error);
        Assert.Equal(0, run.Store.GetLength(1));
        Assert.Single(_server.Log);
    }

    [Fact]
    public void Server_errors_are_retried_and_then_the_download_succeeds()
    {
        _server.Fail500(3);
        Run run = Download(Image.Length, ImageSha);
        Figure("three 500s", run);
        Assert.Equal(OtaStepResult.Completed, run.Result);
        Assert.Equal(new[] { 500, 500, 500, 200 }, _server.Log.Select(r => r.Status).ToArray());
    }

    [Fact]
    public void Persistent_server_errors_give_up_after_the_retry_limit_with_connection_lost()
    {
        _server.Fail500(100);
        Run run = Download(Image.Length, ImageSha, maxRetries: 2);
        Assert.Equal(OtaStepResult.Failed, run.Result);
        Assert.Equal(OtaError.ConnectionLost, run.Error);
        Assert.Equal(3, _server.Log.Count); // the first try and 2 retries
    }

    [Fact]
    public void A_missing_image_fails_at_once_with_not_found()
    {
        Run run = Download(Image.Length, ImageSha, path: "fw/9.9.9.img");
        Assert.Equal(OtaError.NotFound, run.Error);
        Assert.Single(_server.Log);
    }

    [Fact]
    public void A_stalled_server_times_out_and_the_download_resumes_where_it_stalled()
    {
        _server.StallAt(100_000, TimeSpan.FromSeconds(3));
        Run run = Download(Image.Length, ImageSha, readTimeout: TimeSpan.FromMilliseconds(400));
        Figure("stall", run);
        Assert.Equal(OtaStepResult.Completed, run.Result);
        Assert.Equal(Image, run.Store.Content(1));
        Assert.Equal(100_000, _server.Log[^1].RangeStart);
    }

    [Fact]
    public void A_slow_server_still_delivers_and_progress_stays_bounded()
    {
        _server.ChunkBytes = 4096;
        _server.DelayPerChunk = TimeSpan.FromMilliseconds(10);
        Run run = Download(Image.Length, ImageSha);
        Figure("slow server (4 KB per 10 ms)", run);
        Assert.Equal(OtaStepResult.Completed, run.Result);
        Assert.Equal(1, run.Http.Requests);
        Assert.InRange(run.ProgressEvents, 9, 10);
    }

    [Fact]
    public void A_server_that_ignores_range_makes_the_download_start_over_from_byte_zero()
    {
        _server.IgnoreRange = true;
        _server.CutAt(60_000);
        Run run = Download(Image.Length, ImageSha);
        Assert.Equal(OtaStepResult.Completed, run.Result);
        Assert.Equal(Image, run.Store.Content(1));
        // The resume asked for 60000-, got 200 (whole file): the slot was erased and the next request starts at 0.
        Assert.Equal(new long[] { 0, 60_000, 0 }, _server.Log.Select(r => r.RangeStart).ToArray());
    }

    [Fact]
    public void A_server_certificate_from_another_ca_is_refused_without_retries()
    {
        using TestPki stranger = TestPki.Create("ota-stranger");
        var http = new HttpImageDownloader(new(stranger.CaCertificate()), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        Run run = Download(Image.Length, ImageSha, http: http);
        Assert.Equal(OtaError.DownloadFailed, run.Error);
        Assert.Contains("does not chain", http.LastError);
        Assert.Empty(_server.Log);
    }

    public void Dispose()
    {
        _server.Dispose();
        _pki.Dispose();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }
}
