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

    /// <summary>The jobs client's record on the same flash as the rest: its writes count for power cuts too.</summary>
    private sealed class RailJobStore : IJobStateStore
    {
        private readonly PowerRail _rail;
        private readonly byte[][] _copies = { Array.Empty<byte>(), Array.Empty<byte>() };

        public RailJobStore(PowerRail rail) => _rail = rail;

        public int Read(int copy, byte[] buffer, int offset, int count)
        {
            int n = Math.Min(count, _copies[copy].Length);
            Array.Copy(_copies[copy], 0, buffer, offset, n);
            return n;
        }

        public bool Write(int copy, byte[] data, int offset, int count)
        {
            if (_rail.NextWriteIsCut())
            {
                _copies[copy] = data.AsSpan(offset, count / 2).ToArray(); // torn
                throw new PowerCutException();
            }
            _copies[copy] = data.AsSpan(offset, count).ToArray();
            return true;
        }
    }

    private sealed class Board
    {
        public readonly PowerRail Rail = new();
        public readonly FakeJobsService Service = new(Thing);
        public readonly FakeClock Clock = new();
        public readonly FakeImageStore Images;
        public readonly FakeStateStore OtaStates;
        public readonly RailJobStore JobStore;
        public byte[] Served = NewImage;
        public bool NewImageConnects = true;
        public readonly SortedSet<long> DropAt = new();
        public readonly List<string> BootLog = new();
        public int Boots;

        private JobsClient? _client;

        public int Cuts;

        public Board()
        {
            Images = new FakeImageStore(100_000, Rail);
            OtaStates = new FakeStateStore(Rail);
            JobStore = new RailJobStore(Rail);
            Images.Flash(0, OldImage);
        }

        /// <summary>One power-on; a power cut anywhere in it counts as a restart.</summary>
        public bool BootOnce(int maxTurns = 5_000)
        {
            try
            {
                return BootAndRun(maxTurns);
            }
            catch (PowerCutException)
            {
                Cuts++;
                return true;
            }
        }

        /// <summary>The loader picks a slot, the picked image runs until it restarts or nothing happens any more.</summary>
        private bool BootAndRun(int maxTurns)
        {
            Boots++;
            Clock.Now = 0;
            Clock.BootEpoch += 10_000_000;
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
            for (int i = 0; i < 16; i++)
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

    public static IEnumerable<object[]> Scenarios() => new[]
    {
        new object[] { "good image", true, true },
        new object[] { "image that never connects", true, false },
        new object[] { "wrong hash", false, true },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void A_power_cut_at_any_write_of_the_whole_job_ends_in_the_same_reported_outcome(string scenario, bool hashOk, bool connects)
    {
        string sha = hashOk ? "" : Convert.ToHexString(SHA256.HashData(OldImage)).ToLowerInvariant();
        var reference = new Board { NewImageConnects = connects };
        reference.Service.AddJob("ota-1-5-0", OtaDocument(NewImage, sha));
        reference.RunUntilSettled();
        int writes = reference.Rail.Writes;
        Assert.True(writes > 15, scenario);
        string expectedStatus = reference.Job.Status;
        string? expectedReason = reference.Job.History[^1].Reason;
        Assert.Equal(hashOk && connects ? "SUCCEEDED" : "FAILED", expectedStatus);

        for (int cut = 1; cut <= writes; cut++)
        {
            var board = new Board { NewImageConnects = connects };
            board.Rail.CutAt.Add(cut);
            board.Images.TornAppendLeavesGarbage = cut % 2 == 1;
            board.Service.AddJob("ota-1-5-0", OtaDocument(NewImage, sha));
            board.RunUntilSettled();

            string where = $"{scenario}, cut at write {cut}: " + string.Join(" | ", board.Job.History.Select(h => h.Status + ":" + h.Reason));
            Assert.True(board.Cuts == 1, where);
            Assert.True(expectedStatus == board.Job.Status, where);
            Assert.True(expectedReason == board.Job.History[^1].Reason, where);
            Assert.DoesNotContain(board.Job.History, h => h.Status == "REJECTED");
            var final = new OtaStateMachine(board.OtaStates, board.Images, board.Clock);
            final.Load();
            Assert.True(final.State == OtaState.Idle, where);
            Assert.Equal(hashOk && connects ? NewImage : OldImage, board.Images.Content(final.ActiveSlot));
            if (!connects)
            {
                Assert.Equal(3, board.BootLog.Count(v => v == "1.5.0"));
            }
        }
    }
}
