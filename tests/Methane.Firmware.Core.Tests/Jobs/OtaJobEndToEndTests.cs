using System.Security.Cryptography;
using Methane.Firmware.Core.Jobs;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Ota;
using Methane.Firmware.Core.Tests.Ota;
using Xunit;

namespace Methane.Firmware.Core.Tests.Jobs;

/// <summary>
/// The whole core path of an OTA job on a simulated board: the fake AWS Jobs service, the jobs client, the job runner, the
/// resumable download, the persisted apply/confirm/rollback state machine and the boot selector, across simulated reboots.
/// </summary>
public sealed class OtaJobEndToEndTests
{
    private const string Thing = "board-0042";
    private static readonly byte[] OldImage = Image(30_000, 11);
    private static readonly byte[] NewImage = Image(50_000, 12);

    private static byte[] Image(int size, int seed)
    {
        var b = new byte[size];
        new Random(seed).NextBytes(b);
        return b;
    }

    private static string OtaDocument(byte[] image, string sha = "") =>
        "{\"operation\":\"ota\",\"version\":\"1.5.0\",\"url\":\"https://127.0.0.1:8443/fw/1.5.0.pe\",\"size\":" + image.Length
        + ",\"sha256\":\"" + (sha.Length > 0 ? sha : Convert.ToHexString(SHA256.HashData(image)).ToLowerInvariant()) + "\"}";

    private sealed class RestartFlag : IDeviceRestart
    {
        public bool Requested;
        public void Restart() => Requested = true;
    }

    private sealed class Board
    {
        public readonly FakeJobsService Service = new(Thing);
        public readonly FakeClock Clock = new();
        public readonly FakeImageStore Images = new(100_000);
        public readonly FakeStateStore OtaStates = new();
        public readonly JobsClientTests.MemoryJobStore JobStore = new();
        public byte[] Served = NewImage;
        public bool NewImageConnects = true;
        public readonly SortedSet<long> DropAt = new();
        public readonly List<string> BootLog = new();
        public int Boots;

        private JobsClient? _client;

        public Board() => Images.Flash(0, OldImage);

        /// <summary>One power-on: the loader picks a slot, the picked image runs until it restarts or nothing happens any more.</summary>
        public bool BootOnce(int maxTurns = 5_000)
        {
            Boots++;
            Clock.Now = 0;
            var ota = new OtaStateMachine(OtaStates, Images, Clock) { MaxTrialBoots = 3, ConfirmWindowMs = 60_000 };
            ota.Load();
            int slot = ota.SelectBootSlot();
            var content = Images.Content(slot);
            bool isNew = content.SequenceEqual(NewImage);
            Assert.True(isNew || content.SequenceEqual(OldImage), "the boot slot must hold a complete image");
            BootLog.Add(isNew ? "1.5.0" : "1.4.2");

            var server = new FakeDownloader(Served, Clock) { MaxChunk = 4096 };
            foreach (var d in DropAt) server.DropAt.Add(d);
            DropAt.Clear();
            var download = new OtaDownload(server, Images, Clock, new byte[4096]) { ProgressPercentStep = 25, InitialRetryDelayMs = 500 };
            var restart = new RestartFlag();
            var runner = new JobRunner(ota, download, restart, null!);
            if (_client != null) Service.MessageReceived -= _client.HandleMessage;
            _client = new JobsClient(Service, new Topics(Thing, "site-7"), Clock,
                new JobDocumentValidator(isNew ? "1.5.0" : "1.4.2", Images.SlotCapacity), JobStore, runner, 4096);
            Service.MessageReceived += _client.HandleMessage;

            bool online = !isNew || NewImageConnects;
            Service.Connected = online;
            if (online)
            {
                _client.OnConnected();
                runner.OnPublishAcknowledged(); // the first telemetry publish of this boot was PUBACKed
            }
            for (int turn = 0; turn < maxTurns; turn++)
            {
                Service.Pump();
                runner.Poll();
                _client.Poll();
                if (restart.Requested)
                {
                    return true;
                }
                Clock.Now += 100;
            }
            return false;
        }

        public void RunUntilSettled()
        {
            for (int i = 0; i < 12; i++)
            {
                if (!BootOnce())
                {
                    return;
                }
            }
            throw new Exception("the board kept restarting");
        }

        public FakeJobsService.Job Job => Service.Get("ota-1-5-0");
    }

    [Fact]
    public void A_good_image_is_downloaded_applied_confirmed_and_reported_succeeded()
    {
        var board = new Board();
        board.Service.AddJob("ota-1-5-0", OtaDocument(NewImage));
        board.RunUntilSettled();

        Assert.Equal(new[] { "1.4.2", "1.5.0" }, board.BootLog);
        Assert.Equal("SUCCEEDED", board.Job.Status);
        var history = board.Job.History;
        Assert.Equal("IN_PROGRESS", history[0].Status);
        Assert.Equal(("SUCCEEDED", "new version confirmed"), (history[^1].Status, history[^1].Reason));
        // Progress at bounded intervals: start, every 25 %, and the apply step; never one per 4 KB chunk (13 chunks).
        int progressReports = history.Count(h => h.Status == "IN_PROGRESS") - 1;
        Assert.InRange(progressReports, 2, 7);
        var final = new OtaStateMachine(board.OtaStates, board.Images, board.Clock);
        final.Load();
        Assert.Equal(OtaState.Idle, final.State);
        Assert.Equal(NewImage, board.Images.Content(final.ActiveSlot));
    }

    [Fact]
    public void A_wrong_hash_fails_the_job_with_the_reason_and_never_boots_the_image()
    {
        var board = new Board();
        string wrongSha = Convert.ToHexString(SHA256.HashData(OldImage)).ToLowerInvariant();
        board.Service.AddJob("ota-1-5-0", OtaDocument(NewImage, wrongSha));
        board.RunUntilSettled();

        Assert.Equal(new[] { "1.4.2" }, board.BootLog);
        Assert.Equal(("FAILED", "sha256 mismatch"), (board.Job.Status, board.Job.History[^1].Reason));
    }

    [Fact]
    public void An_image_that_never_connects_is_rolled_back_after_three_trial_boots_and_reported_failed()
    {
        var board = new Board { NewImageConnects = false };
        board.Service.AddJob("ota-1-5-0", OtaDocument(NewImage));
        board.RunUntilSettled();

        Assert.Equal(new[] { "1.4.2", "1.5.0", "1.5.0", "1.5.0", "1.4.2" }, board.BootLog);
        Assert.Equal("FAILED", board.Job.Status);
        Assert.Equal(OtaErrorText.Reason(OtaError.NotConfirmed), board.Job.History[^1].Reason);
        var final = new OtaStateMachine(board.OtaStates, board.Images, board.Clock);
        final.Load();
        Assert.Equal(OtaState.Idle, final.State);
        Assert.Equal(OldImage, board.Images.Content(final.ActiveSlot));
    }

    [Fact]
    public void A_dropped_connection_and_a_reboot_mid_download_resume_where_they_stopped()
    {
        var board = new Board();
        board.DropAt.Add(9_000);
        board.Service.AddJob("ota-1-5-0", OtaDocument(NewImage));
        // First boot: stop (power cut) after a while, in the middle of the download.
        Assert.False(board.BootOnce(maxTurns: 12));
        long staged = board.Images.GetLength(1);
        Assert.InRange(staged, 9_000, NewImage.Length - 1);
        board.RunUntilSettled();

        Assert.Equal("SUCCEEDED", board.Job.Status);
        Assert.Equal(new[] { "1.4.2", "1.4.2", "1.5.0" }, board.BootLog);
        // The resumed download starts its progress at what was staged, not at 0 %.
        var progress = board.Job.History.Where(h => h.Reason != null && h.Reason.EndsWith('%')).Select(h => int.Parse(h.Reason!.TrimEnd('%'))).ToList();
        Assert.Equal(progress.OrderBy(p => p), progress);
    }

    [Fact]
    public void A_cancelled_download_is_abandoned_and_the_old_image_keeps_running()
    {
        var board = new Board();
        board.Service.AddJob("ota-1-5-0", OtaDocument(NewImage));
        Assert.False(board.BootOnce(maxTurns: 8));
        board.Service.Cancel("ota-1-5-0");
        board.RunUntilSettled();
        Assert.Equal("CANCELED", board.Job.Status);
        var final = new OtaStateMachine(board.OtaStates, board.Images, board.Clock);
        final.Load();
        Assert.Equal(OtaState.Idle, final.State);
        Assert.Equal(0, final.ActiveSlot);
        Assert.All(board.BootLog, v => Assert.Equal("1.4.2", v));
    }
}
