using Methane.Firmware.Core.Crypto;
using Methane.Firmware.Core.Ota;

namespace Methane.Firmware.Conformance
{
    /// <summary>
    /// The OTA state machine through a successful update (download with a dropped connection and resume, stage, reboot,
    /// trial, confirm), a trial that is never confirmed (rolled back after the trial boots), a hash mismatch, and a
    /// state-store write failure. A "reboot" is a new state machine over the same stores.
    /// </summary>
    public static class OtaSection
    {
        public static void Run(Transcript t)
        {
            FakeClock clock = new FakeClock();
            MemoryOtaStateStore states = new MemoryOtaStateStore();
            MemoryImageStore images = new MemoryImageStore(4096);
            images.Append(0, new byte[] { 1, 2, 3 }, 0, 3);
            images.WriteCommitMarker(0);
            byte[] image = new byte[1500];
            for (int i = 0; i < image.Length; i++) { image[i] = (byte)(i * 31 + 7); }
            byte[] sha = new byte[32];
            Sha256 hasher = new Sha256();
            hasher.Update(image, 0, image.Length);
            hasher.Final(sha);

            OtaStateMachine ota = Boot(t, "factory", states, images, clock);
            t.Line("begin " + Transcript.I((int)ota.BeginDownload("job-1", "1.5.0", image.Length, sha, 0)) + " state " + Transcript.I((int)ota.State)
                + " staging " + Transcript.I(ota.StagingSlot));
            t.Line("begin again " + Transcript.I((int)ota.BeginDownload("job-2", "1.5.0", image.Length, sha, 0)));
            t.Line("same image " + Transcript.B(ota.IsSameImage("job-1", image.Length, sha, 0)) + " " + Transcript.B(ota.IsSameImage("job-1", image.Length - 1, sha, 0)));

            MemoryDownloader downloader = new MemoryDownloader(image);
            downloader.DropAfter = 700;
            OtaDownload download = new OtaDownload(downloader, images, clock, new byte[256]);
            download.InitialRetryDelayMs = 1000;
            t.Line("download start " + Transcript.I((int)download.Start(ota.StagingSlot, "https://h/x", image.Length, sha, 0)));
            Drive(t, download, clock);
            t.Line("staged " + Transcript.I((int)ota.MarkStaged()) + " state " + Transcript.I((int)ota.State) + " opens " + Transcript.I(downloader.Opens));
            t.Line("apply " + Transcript.B(ota.RequestApply()) + " state " + Transcript.I((int)ota.State));

            ota = Boot(t, "reboot 1", states, images, clock);
            clock.UptimeMilliseconds = 1000;
            t.Line("window expired " + Transcript.B(ota.IsTrialWindowExpired()));
            t.Line("confirm " + Transcript.B(ota.ConfirmRunning()) + " state " + Transcript.I((int)ota.State) + " active " + Transcript.I(ota.ActiveSlot));
            t.Line("ack " + Transcript.B(ota.AcknowledgeOutcome()) + " state " + Transcript.I((int)ota.State));
            ota = Boot(t, "reboot 2", states, images, clock);

            // Second update, never confirmed: the trial image runs MaxTrialBoots times, then the old image comes back.
            t.Line("begin " + Transcript.I((int)ota.BeginDownload("job-3", "1.6.0", image.Length, sha, 0)));
            images.Append(ota.StagingSlot, image, 0, image.Length);
            t.Line("staged " + Transcript.I((int)ota.MarkStaged()) + " apply " + Transcript.B(ota.RequestApply()));
            for (int boot = 0; boot < 5; boot++)
            {
                ota = Boot(t, "trial boot " + Transcript.I(boot), states, images, clock);
                clock.UptimeMilliseconds = 400000;
                t.Line("window expired " + Transcript.B(ota.IsTrialWindowExpired()));
            }
            t.Line("ack " + Transcript.B(ota.AcknowledgeOutcome()) + " state " + Transcript.I((int)ota.State));

            // A corrupted download: the hash does not match.
            t.Line("begin " + Transcript.I((int)ota.BeginDownload("job-4", "1.7.0", image.Length, sha, 0)));
            image[10] ^= 0xFF;
            OtaDownload bad = new OtaDownload(new MemoryDownloader(image), images, clock, new byte[512]);
            t.Line("download start " + Transcript.I((int)bad.Start(ota.StagingSlot, "https://h/x", image.Length, sha, 0)));
            Drive(t, bad, clock);
            t.Line("failed " + Transcript.B(ota.MarkDownloadFailed(bad.Error)) + " state " + Transcript.I((int)ota.State) + " error " + Transcript.I((int)ota.Error)
                + " '" + OtaErrorText.Reason(ota.Error) + "'");
            t.Line("ack " + Transcript.B(ota.AcknowledgeOutcome()));
            t.Line("too big " + Transcript.I((int)ota.BeginDownload("job-5", "1.7.0", 5000, sha, 0)) + " bad request " + Transcript.I((int)ota.BeginDownload("job-5", "1.7.0", 0, sha, 0)));
            t.Line("begin " + Transcript.I((int)ota.BeginDownload("job-6", "1.7.0", 10, sha, 0)) + " abandon " + Transcript.B(ota.Abandon()) + " state " + Transcript.I((int)ota.State));
            states.FailWrites = true;
            t.Line("store failing begin " + Transcript.I((int)ota.BeginDownload("job-7", "1.7.0", 10, sha, 0)) + " state " + Transcript.I((int)ota.State));
            states.FailWrites = false;
            Boot(t, "final", states, images, clock);
        }

        private static OtaStateMachine Boot(Transcript t, string label, MemoryOtaStateStore states, MemoryImageStore images, FakeClock clock)
        {
            clock.UptimeMilliseconds = 0;
            OtaStateMachine ota = new OtaStateMachine(states, images, clock);
            bool loaded = ota.Load();
            int slot = ota.SelectBootSlot();
            t.Line("boot " + label + " loaded " + Transcript.B(loaded) + " runs " + Transcript.I(slot) + " state " + Transcript.I((int)ota.State)
                + " active " + Transcript.I(ota.ActiveSlot) + " boots " + Transcript.I(ota.BootCount) + " error " + Transcript.I((int)ota.Error)
                + " job " + (ota.JobId == null ? "-" : ota.JobId) + " version " + (ota.TargetVersion == null ? "-" : ota.TargetVersion));
            return ota;
        }

        private static void Drive(Transcript t, OtaDownload download, FakeClock clock)
        {
            string steps = "";
            for (int i = 0; i < 100; i++)
            {
                OtaStepResult r = download.Step();
                steps += Transcript.I((int)r);
                if (r != OtaStepResult.Working) { break; }
                clock.UptimeMilliseconds += 500;
            }
            t.Line("download steps " + steps + " received " + Transcript.I(download.ReceivedBytes) + " resumed " + Transcript.I(download.ResumedBytes)
                + " error " + Transcript.I((int)download.Error));
        }
    }
}
