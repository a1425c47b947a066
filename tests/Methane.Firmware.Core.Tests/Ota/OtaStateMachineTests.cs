using System.Security.Cryptography;
using Methane.Firmware.Core.Ota;
using Xunit;

namespace Methane.Firmware.Core.Tests.Ota;

public sealed class OtaStateMachineTests
{
    private const string JobId = "ota-1_2_0";
    private static readonly byte[] OldImage = MakeImage(12_000, 1);
    private static readonly byte[] NewImage = MakeImage(20_000, 2);

    private static byte[] MakeImage(int size, int seed)
    {
        var b = new byte[size];
        new Random(seed).NextBytes(b);
        return b;
    }

    private sealed class Board
    {
        public readonly PowerRail Rail = new();
        public readonly FakeClock Clock = new();
        public readonly FakeImageStore Images;
        public readonly FakeStateStore States;

        public Board()
        {
            Images = new FakeImageStore(64_000, Rail);
            States = new FakeStateStore(Rail);
            Images.Flash(0, OldImage);
        }

        public OtaStateMachine Boot()
        {
            Clock.Now = 0;
            var m = new OtaStateMachine(States, Images, Clock) { MaxTrialBoots = 3, ConfirmWindowMs = 60_000 };
            m.Load();
            return m;
        }
    }

    [Fact]
    public void Factory_state_is_idle_on_slot_zero()
    {
        var board = new Board();
        var m = board.Boot();
        Assert.False(m.Load());
        Assert.Equal(OtaState.Idle, m.State);
        Assert.Equal(0, m.SelectBootSlot());
        Assert.Equal(1, m.StagingSlot);
    }

    [Fact]
    public void With_both_records_lost_the_slot_holding_a_committed_image_runs()
    {
        var board = new Board();
        var m = board.Boot();
        m.SelectBootSlot();
        m.BeginDownload(JobId, "1.2.0", NewImage.Length, SHA256.HashData(NewImage), 0);
        board.Images.Append(1, NewImage, 0, NewImage.Length);
        m.MarkStaged();
        m.RequestApply();
        m = board.Boot();
        m.SelectBootSlot();
        m.ConfirmRunning();
        m.AcknowledgeOutcome();
        m.BeginDownload("next", "1.3.0", 10, new byte[32], 0); // erases slot 0, the old image
        board.States.Copies[0] = Array.Empty<byte>();
        board.States.Copies[1] = new byte[] { 1, 2, 3 };

        var after = board.Boot();
        Assert.False(after.Load());
        Assert.Equal(1, after.SelectBootSlot());
        Assert.Equal(NewImage, board.Images.Content(1));
    }

    [Fact]
    public void Happy_path_walks_every_state_and_switches_the_active_slot_only_at_confirmation()
    {
        var board = new Board();
        var m = board.Boot();
        Assert.Equal(0, m.SelectBootSlot());
        Assert.Equal(OtaError.None, m.BeginDownload(JobId, "1.2.0", NewImage.Length, SHA256.HashData(NewImage), 0));
        Assert.Equal(OtaState.Downloading, m.State);
        Assert.Equal(0, board.Images.GetLength(1));
        Assert.True(board.Images.Append(1, NewImage, 0, NewImage.Length));
        Assert.Equal(OtaError.None, m.MarkStaged());
        Assert.Equal(OtaState.Staged, m.State);
        Assert.True(board.Images.HasCommitMarker(1));
        Assert.True(m.RequestApply());
        Assert.Equal(OtaState.Rebooting, m.State);
        Assert.Equal(0, m.ActiveSlot);

        m = board.Boot();
        Assert.Equal(OtaState.Rebooting, m.State);
        Assert.Equal(1, m.SelectBootSlot());
        Assert.Equal(OtaState.Trial, m.State);
        Assert.Equal(1, m.BootCount);
        Assert.Equal(0, m.ActiveSlot);
        Assert.True(m.ConfirmRunning());
        Assert.Equal(OtaState.Confirmed, m.State);
        Assert.Equal(1, m.ActiveSlot);
        Assert.Equal(JobId, m.JobId);
        Assert.Equal("1.2.0", m.TargetVersion);

        m = board.Boot();
        Assert.Equal(OtaState.Confirmed, m.State);
        Assert.Equal(1, m.SelectBootSlot());
        Assert.True(m.AcknowledgeOutcome());
        Assert.Equal(OtaState.Idle, m.State);
        Assert.Null(m.JobId);
        Assert.Equal(0, m.StagingSlot);
    }

    [Fact]
    public void A_trial_that_never_confirms_runs_MaxTrialBoots_times_then_rolls_back()
    {
        var board = new Board();
        StageNewImage(board);
        var slots = new List<int>();
        for (int boot = 0; boot < 5; boot++)
        {
            var m = board.Boot();
            slots.Add(m.SelectBootSlot());
            if (m.State == OtaState.Trial)
            {
                Assert.False(m.IsTrialWindowExpired());
                board.Clock.Now = 59_999;
                Assert.False(m.IsTrialWindowExpired());
                board.Clock.Now = 60_000;
                Assert.True(m.IsTrialWindowExpired());
            }
        }
        Assert.Equal(new[] { 1, 1, 1, 0, 0 }, slots);
        var last = board.Boot();
        Assert.Equal(OtaState.RolledBack, last.State);
        Assert.Equal(OtaError.NotConfirmed, last.Error);
        Assert.Equal(0, last.ActiveSlot);
    }

    [Fact]
    public void Confirmation_is_ignored_when_this_boot_does_not_run_the_trial_image()
    {
        var board = new Board();
        StageNewImage(board);
        var m = board.Boot();
        // The loader never ran: RunningSlot is the active slot.
        Assert.Equal(OtaState.Rebooting, m.State);
        Assert.False(m.ConfirmRunning());
        Assert.False(m.IsTrialWindowExpired());
    }

    [Fact]
    public void A_trial_boot_that_cannot_be_counted_runs_the_previous_image()
    {
        var board = new Board();
        StageNewImage(board);
        var m = board.Boot();
        board.States.FailWrites = true;
        Assert.Equal(0, m.SelectBootSlot());
        Assert.False(m.ConfirmRunning());
    }

    [Fact]
    public void Rebooting_without_a_commit_marker_rolls_back_as_invalid_image()
    {
        var board = new Board();
        StageNewImage(board);
        board.Images.Erase(1);
        var m = board.Boot();
        Assert.Equal(0, m.SelectBootSlot());
        Assert.Equal(OtaState.RolledBack, m.State);
        Assert.Equal(OtaError.ImageInvalid, m.Error);
        Assert.Equal("staged image not committed", OtaErrorText.Reason(m.Error));
    }

    [Fact]
    public void Begin_download_checks_state_size_and_identifiers()
    {
        var board = new Board();
        var m = board.Boot();
        var sha = new byte[32];
        Assert.Equal(OtaError.SizeExceedsSlot, m.BeginDownload(JobId, "1.2.0", 64_001, sha, 0));
        Assert.Equal(OtaError.InvalidRequest, m.BeginDownload(JobId, "1.2.0", 0, sha, 0));
        Assert.Equal(OtaError.InvalidRequest, m.BeginDownload(JobId, "1.2.0", 10, new byte[31], 0));
        Assert.Equal(OtaError.InvalidRequest, m.BeginDownload(new string('j', 65), "1.2.0", 10, sha, 0));
        Assert.Equal(OtaError.InvalidRequest, m.BeginDownload("job\n", "1.2.0", 10, sha, 0));
        Assert.Equal(OtaState.Idle, m.State);
        Assert.Equal(OtaError.None, m.BeginDownload(JobId, "1.2.0", 10, sha, 0));
        Assert.Equal(OtaError.Aborted, m.BeginDownload(JobId, "1.2.0", 10, sha, 0));
        Assert.True(m.IsSameImage(JobId, 10, sha, 0));
        Assert.False(m.IsSameImage(JobId, 11, sha, 0));
        Assert.False(m.IsSameImage("other", 10, sha, 0));
    }

    [Fact]
    public void Failed_download_is_reported_then_idle_and_the_active_slot_never_moved()
    {
        var board = new Board();
        var m = board.Boot();
        m.BeginDownload(JobId, "1.2.0", 100, new byte[32], 0);
        Assert.True(m.MarkDownloadFailed(OtaError.HashMismatch));
        m = board.Boot();
        Assert.Equal(OtaState.Failed, m.State);
        Assert.Equal(OtaError.HashMismatch, m.Error);
        Assert.Equal(0, m.SelectBootSlot());
        Assert.True(m.AcknowledgeOutcome());
        Assert.Equal(OtaState.Idle, m.State);
    }

    [Fact]
    public void A_torn_record_write_falls_back_to_the_previous_state()
    {
        var board = new Board();
        var m = board.Boot();
        m.BeginDownload(JobId, "1.2.0", NewImage.Length, SHA256.HashData(NewImage), 0);
        board.Images.Append(1, NewImage, 0, NewImage.Length);
        board.Rail.CutAt.Add(board.Rail.Writes + 2); // after the commit marker, the record write is torn
        Assert.Throws<PowerCutException>(() => m.MarkStaged());

        var after = board.Boot();
        Assert.Equal(OtaState.Downloading, after.State);
        Assert.True(after.IsSameImage(JobId, NewImage.Length, SHA256.HashData(NewImage), 0));
    }

    [Fact]
    public void A_corrupted_byte_in_the_newest_copy_is_detected_by_the_crc()
    {
        var board = new Board();
        var m = board.Boot();
        m.BeginDownload(JobId, "1.2.0", 100, new byte[32], 0); // generation 1 -> copy 1
        m.MarkDownloadFailed(OtaError.NotFound);                // generation 2 -> copy 0
        board.States.Copies[0][9] ^= 0xFF;                      // the state byte of the newest copy
        var after = board.Boot();
        Assert.Equal(OtaState.Downloading, after.State);
    }

    [Fact]
    public void Abandon_drops_an_unapplied_download()
    {
        var board = new Board();
        var m = board.Boot();
        m.BeginDownload(JobId, "1.2.0", 100, new byte[32], 0);
        Assert.True(m.Abandon());
        Assert.Equal(OtaState.Idle, board.Boot().State);
        StageNewImage(board);
        m = board.Boot();
        m.SelectBootSlot();
        Assert.False(m.Abandon()); // a trial in progress cannot be abandoned
    }

    private static void StageNewImage(Board board)
    {
        var m = board.Boot();
        m.SelectBootSlot();
        Assert.Equal(OtaError.None, m.BeginDownload(JobId, "1.2.0", NewImage.Length, SHA256.HashData(NewImage), 0));
        board.Images.Append(m.StagingSlot, NewImage, 0, NewImage.Length);
        Assert.Equal(OtaError.None, m.MarkStaged());
        Assert.True(m.RequestApply());
    }

    // ---- power cut at every write -------------------------------------------------------------------------------------

    private sealed class Outcome
    {
        public readonly List<(OtaState State, OtaError Error)> Reports = new();
        public int NewImageRuns;
        public int Cuts;
        public int ActiveSlot;
        public byte[] ActiveImage = Array.Empty<byte>();
    }

    /// <summary>
    /// Plays a device through one OTA job, rebooting after every power cut, until the outcome has been reported.
    /// At every boot the chosen slot must hold a complete image with its commit marker.
    /// </summary>
    private static Outcome Play(Board board, byte[] served, byte[] declaredSha, bool newImageConnects, int chunk = 1500)
    {
        var outcome = new Outcome();
        bool reported = false;
        for (int boot = 0; boot < 60; boot++)
        {
            try
            {
                var m = board.Boot();
                int slot = m.SelectBootSlot();
                Assert.True(board.Images.HasCommitMarker(slot), $"boot {boot}: slot {slot} has no commit marker");
                var content = board.Images.Content(slot);
                bool runsNew = content.SequenceEqual(NewImage);
                Assert.True(runsNew || content.SequenceEqual(OldImage), $"boot {boot}: slot {slot} holds no complete image");
                if (runsNew && m.State == OtaState.Trial)
                {
                    outcome.NewImageRuns++;
                }

                while (true)
                {
                    switch (m.State)
                    {
                        case OtaState.Idle:
                            if (reported)
                            {
                                outcome.ActiveSlot = m.ActiveSlot;
                                outcome.ActiveImage = board.Images.Content(m.ActiveSlot);
                                return outcome;
                            }
                            Assert.Equal(OtaError.None, m.BeginDownload(JobId, "1.2.0", NewImage.Length, declaredSha, 0));
                            continue;
                        case OtaState.Downloading:
                            var download = new OtaDownload(new FakeDownloader(served, board.Clock), board.Images, board.Clock, new byte[chunk]);
                            Assert.Equal(OtaError.None, download.Start(m.StagingSlot, "https://h/i", m.ImageSize, declaredSha, 0));
                            OtaStepResult r;
                            while ((r = download.Step()) == OtaStepResult.Working) { }
                            if (r == OtaStepResult.Completed)
                            {
                                Assert.Equal(OtaError.None, m.MarkStaged());
                            }
                            else
                            {
                                Assert.True(m.MarkDownloadFailed(download.Error));
                            }
                            continue;
                        case OtaState.Staged:
                            Assert.True(m.RequestApply());
                            break; // reboot
                        case OtaState.Trial:
                            Assert.True(runsNew);
                            if (newImageConnects)
                            {
                                Assert.True(m.ConfirmRunning());
                                continue;
                            }
                            board.Clock.Now = m.ConfirmWindowMs;
                            Assert.True(m.IsTrialWindowExpired());
                            break; // reboot
                        case OtaState.Confirmed:
                        case OtaState.RolledBack:
                        case OtaState.Failed:
                            outcome.Reports.Add((m.State, m.Error));
                            reported = true; // the job service has the final status now
                            Assert.True(m.AcknowledgeOutcome());
                            continue;
                        default:
                            throw new Exception($"unexpected state {m.State} after boot");
                    }
                    break;
                }
            }
            catch (PowerCutException)
            {
                outcome.Cuts++;
            }
        }
        throw new Exception("the board never settled");
    }

    public static IEnumerable<object[]> Scenarios() => new[]
    {
        new object[] { "good image", true, true },
        new object[] { "image that never connects", true, false },
        new object[] { "wrong hash", false, true },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Power_cut_at_every_write_recovers_to_the_same_outcome(string scenario, bool hashMatches, bool connects)
    {
        var sha = SHA256.HashData(NewImage);
        if (!hashMatches)
        {
            sha[0] ^= 1;
        }
        var reference = Play(new Board(), NewImage, sha, connects);
        var referenceBoard = new Board();
        Play(referenceBoard, NewImage, sha, connects);
        int writes = referenceBoard.Rail.Writes;
        Assert.True(writes > 15, scenario); // the sweep below covers record writes, erases, appends and the marker

        AssertOutcome(reference, hashMatches, connects);
        for (int cut = 1; cut <= writes; cut++)
        {
            var board = new Board();
            board.Rail.CutAt.Add(cut);
            board.Images.TornAppendLeavesGarbage = cut % 2 == 0;
            var outcome = Play(board, NewImage, sha, connects);
            Assert.Equal(1, outcome.Cuts);
            AssertOutcome(outcome, hashMatches, connects);
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Two_power_cuts_at_every_pair_of_writes_recover(string scenario, bool hashMatches, bool connects)
    {
        var sha = SHA256.HashData(NewImage);
        if (!hashMatches)
        {
            sha[0] ^= 1;
        }
        // Bigger chunks (4 appends) keep the number of pairs small; the single-cut sweep covers every append.
        const int chunk = 6000;
        var referenceBoard = new Board();
        Play(referenceBoard, NewImage, sha, connects, chunk);
        int writes = referenceBoard.Rail.Writes;
        int runs = 0;
        for (int first = 1; first <= writes; first++)
        {
            for (int second = first + 1; second <= writes + 4; second++)
            {
                var board = new Board();
                board.Rail.CutAt.Add(first);
                board.Rail.CutAt.Add(second);
                board.Images.TornAppendLeavesGarbage = (first + second) % 2 == 0;
                var outcome = Play(board, NewImage, sha, connects, chunk);
                AssertOutcome(outcome, hashMatches, connects);
                runs++;
            }
        }
        Assert.True(runs > 40, scenario);
    }

    private static void AssertOutcome(Outcome outcome, bool hashMatches, bool connects)
    {
        // A cut after the report but before the acknowledgement repeats the same report (the service ignores it).
        Assert.NotEmpty(outcome.Reports);
        Assert.Single(outcome.Reports.Distinct());
        var (state, error) = outcome.Reports[0];
        if (!hashMatches)
        {
            Assert.Equal((OtaState.Failed, OtaError.HashMismatch), (state, error));
            Assert.Equal(0, outcome.NewImageRuns);
            Assert.Equal(OldImage, outcome.ActiveImage);
        }
        else if (connects)
        {
            Assert.Equal((OtaState.Confirmed, OtaError.None), (state, error));
            Assert.Equal(NewImage, outcome.ActiveImage);
            Assert.Equal(1, outcome.ActiveSlot);
        }
        else
        {
            Assert.Equal((OtaState.RolledBack, OtaError.NotConfirmed), (state, error));
            Assert.Equal(3, outcome.NewImageRuns); // exactly MaxTrialBoots runs, whatever the cuts
            Assert.Equal(OldImage, outcome.ActiveImage);
            Assert.Equal(0, outcome.ActiveSlot);
        }
    }
}
