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
/// Issue 4, items 5 and 7, end to end: the jobs service (admin identity over Mosquitto) hands an OTA job to a host device;
/// the device downloads over HTTPS from Kestrel, stages, restarts into the new version and reports. QUEUED → IN_PROGRESS →
/// SUCCEEDED for a good image; FAILED with the reason for a bad hash; rollback and FAILED for an image that never connects.
/// </summary>
public sealed class OtaJobMosquittoTests : DeviceTestBase
{
    private const string Site = "site-north";
    private const string Factory = "1.0.0";
    private static readonly TimeSpan JobWait = TimeSpan.FromSeconds(40);
    private static readonly byte[] NewImage = HostImage.Build("2.0.0", 300_000, seed: 3);

    public OtaJobMosquittoTests(ITestOutputHelper output) : base(output, "e2e-ota")
    {
    }

    private static string Document(ImageServer server, byte[] sha) =>
        "{\"operation\":\"ota\",\"version\":\"2.0.0\",\"url\":\"" + server.Url("fw/2.0.0.img") + "\",\"size\":" + NewImage.Length
        + ",\"sha256\":\"" + Convert.ToHexString(sha).ToLowerInvariant() + "\"}";

    private string Folder(string thing) => Path.Combine(WorkDirectory, thing);

    private static string[] Statuses((string Status, string? Detail)[] history) =>
        history.Select(h => h.Status).Where((s, i) => i == 0 || history[i - 1].Status != s).ToArray();

    [MosquittoFact]
    public void A_good_image_goes_queued_in_progress_succeeded_and_the_device_runs_the_new_version()
    {
        const string thing = "e2e-ota-good";
        using MosquittoBroker broker = MosquittoBroker.Start(Pki);
        using ImageServer server = ImageServer.Start(Pki.Ca);
        server.Serve("fw/2.0.0.img", NewImage);
        server.CutAt(120_000); // one dropped connection on the way: the device resumes with a Range request
        using var service = new JobsServiceHarness(broker);
        using var board = new OtaBoard(broker, thing, Site, Folder(thing), Factory, confirmWindowMs: 10_000);
        var job = service.AddJob(thing, "ota-2-0-0", Document(server, SHA256.HashData(NewImage)));
        job.BumpBeforeNextUpdate = 1; // someone else touched the execution: the device must recover from VersionMismatch
        var sw = Stopwatch.StartNew();
        board.Start();

        Assert.True(service.WaitForStatus("ota-2-0-0", s => s is "SUCCEEDED" or "FAILED" or "REJECTED", JobWait),
            "job not finished; boots " + string.Join(",", board.Boots));
        var (status, history, details) = service.Snapshot("ota-2-0-0");
        Figures.Note(Output, "history: " + string.Join(" | ", history.Select(h => h.Status + " " + h.Detail)));
        TestFigures.Report($"figure: e2e ota good image: QUEUED to SUCCEEDED in {sw.ElapsedMilliseconds} ms " +
            $"({NewImage.Length} bytes, {board.RangeResumes} range resume(s), {service.VersionMismatchesSent} version mismatch(es) recovered)", Output.WriteLine);
        Assert.Equal("SUCCEEDED", status);
        Assert.Equal(new[] { "QUEUED", "IN_PROGRESS", "SUCCEEDED" }, Statuses(history));
        Assert.Equal("new version confirmed", details["reason"]!.GetValue<string>());
        Assert.Contains(history, h => h.Detail == "download 100%" || h.Detail == "rebooting into new version 100%");
        Assert.True(service.VersionMismatchesSent >= 1);
        Assert.True(board.RangeResumes >= 1, "the cut connection was not resumed with a Range request");
        board.Dispose();
        Assert.Equal(new[] { Factory, "2.0.0" }, board.Boots);
        Assert.Equal(NewImage, new FileImageStore(Folder(thing), OtaBoard.SlotCapacity).Content(1));
    }

    [MosquittoFact]
    public void A_bad_hash_fails_the_job_with_the_reason_and_the_old_version_keeps_running()
    {
        const string thing = "e2e-ota-hash";
        using MosquittoBroker broker = MosquittoBroker.Start(Pki);
        using ImageServer server = ImageServer.Start(Pki.Ca);
        server.Serve("fw/2.0.0.img", NewImage);
        using var service = new JobsServiceHarness(broker);
        using var board = new OtaBoard(broker, thing, Site, Folder(thing), Factory, confirmWindowMs: 10_000);
        service.AddJob(thing, "ota-2-0-0", Document(server, SHA256.HashData(new byte[] { 42 })));
        board.Start();

        Assert.True(service.WaitForStatus("ota-2-0-0", s => s is "SUCCEEDED" or "FAILED" or "REJECTED", JobWait));
        var (status, history, details) = service.Snapshot("ota-2-0-0");
        Assert.Equal("FAILED", status);
        Assert.Equal(new[] { "QUEUED", "IN_PROGRESS", "FAILED" }, Statuses(history));
        Assert.Equal("sha256 mismatch", details["reason"]!.GetValue<string>());
        // The device has handled the end of the job once its jobs client asked start-next again and heard "no job": a
        // restart after a failed job would have been requested before that.
        Assert.True(board.WaitForJobsIdleAfterJob(JobWait), "the device did not go back to idle after the failed job");
        board.Dispose();
        Assert.Equal(new[] { Factory }, board.Boots);
    }

    [MosquittoFact]
    public void An_image_that_never_connects_is_rolled_back_by_the_boot_counter_and_the_job_fails_with_the_reason()
    {
        const string thing = "e2e-ota-rollback";
        using MosquittoBroker broker = MosquittoBroker.Start(Pki);
        using ImageServer server = ImageServer.Start(Pki.Ca);
        server.Serve("fw/2.0.0.img", NewImage);
        using var service = new JobsServiceHarness(broker);
        // Version 2.0.0 cannot reach the broker (say, a broken TLS setup): it never confirms within its 1.5 s window.
        using var board = new OtaBoard(broker, thing, Site, Folder(thing), Factory, confirmWindowMs: 1_500) { Connects = v => v != "2.0.0" };
        service.AddJob(thing, "ota-2-0-0", Document(server, SHA256.HashData(NewImage)));
        var sw = Stopwatch.StartNew();
        board.Start();

        Assert.True(service.WaitForStatus("ota-2-0-0", s => s is "SUCCEEDED" or "FAILED" or "REJECTED", JobWait),
            "job not finished; boots " + string.Join(",", board.Boots));
        var (status, history, details) = service.Snapshot("ota-2-0-0");
        TestFigures.Report($"figure: e2e ota rollback: QUEUED to FAILED in {sw.ElapsedMilliseconds} ms over boots " +
            string.Join(" > ", board.Boots), Output.WriteLine);
        Assert.Equal("FAILED", status);
        Assert.Equal(new[] { "QUEUED", "IN_PROGRESS", "FAILED" }, Statuses(history));
        Assert.Equal(OtaErrorText.Reason(OtaError.NotConfirmed), details["reason"]!.GetValue<string>());
        board.Dispose();
        // Factory, three trial boots of 2.0.0 (the boot counter's limit), then the previous version again.
        Assert.Equal(new[] { Factory, "2.0.0", "2.0.0", "2.0.0", Factory }, board.Boots);
    }
}
