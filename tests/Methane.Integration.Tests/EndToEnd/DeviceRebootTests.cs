using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Sensing;
using Methane.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Methane.Integration.Tests.EndToEnd;

/// <summary>
/// Issue 3, item 8: "a reboot of the device (new process, same outbox file) loses nothing queued". The device queues while
/// the broker is down, loses power (everything disposed), boots again over the same file with a new session manager, outbox
/// and sequence counter, connects, and the backlog arrives; seq continues right after the newest stored one (no gap, never
/// reused).
/// </summary>
public sealed class DeviceRebootTests : DeviceTestBase
{
    private const string Thing = "e2e-reboot-01";
    private const string Site = "site-east";
    private const int OutboxRecords = 500;
    private const int SeqBlock = 16;

    public DeviceRebootTests(ITestOutputHelper output) : base(output, "e2e-reboot")
    {
    }

    [MosquittoFact]
    public void Readings_queued_before_a_power_cycle_arrive_after_the_reboot_and_seq_continues_above_them()
    {
        using MosquittoBroker broker = MosquittoBroker.Start(Pki);
        using TelemetryObserver observer = TelemetryObserver.Start(broker, $"dt/methane/+/{Thing}/#");
        string file = OutboxPath(Thing);

        long[] before;
        using (var device = new SimulatedDevice(broker, Thing, Site, file, OutboxRecords, FastRetry(), seqBlock: SeqBlock))
        {
            Assert.True(device.WaitUntil(d => d.Session.State == SessionState.Online, Wait), device.Describe());
            for (int i = 0; i < 10; i++) device.EnqueueReading();
            Assert.True(device.WaitUntil(d => d.IsDrained, Wait), device.Describe());
            Assert.True(observer.WaitForAll(Thing, device.Produced, Wait));

            broker.Stop();
            Assert.True(device.WaitUntil(d => d.Session.State != SessionState.Online, Wait));
            for (int i = 0; i < 40; i++) device.EnqueueReading();
            Assert.True(device.WaitUntil(d => d.Session.Counters.ConnectAttempts >= 3, Wait), "the device did not keep retrying");
            Assert.Equal(40, device.Locked(d => d.Outbox.Count));
            before = device.Produced;
        } // power off

        broker.StartAgain();
        using var rebooted = new SimulatedDevice(broker, Thing, Site, file, OutboxRecords, FastRetry(), seqBlock: SeqBlock);
        Assert.Equal(40, rebooted.RecoveredCount);
        Assert.Equal(0, rebooted.RecoveredCorrupt);
        Assert.True(rebooted.WaitUntil(d => d.IsDrained, Wait), rebooted.Describe());
        for (int i = 0; i < 5; i++) rebooted.EnqueueReading();
        Assert.True(rebooted.WaitUntil(d => d.IsDrained, Wait), rebooted.Describe());
        long[] after = rebooted.Produced;

        long[] all = before.Concat(after).ToArray();
        observer.WaitForAll(Thing, all, Wait);
        DeliveryReport report = observer.Report(Thing, all);
        Figures.Note(Output, rebooted.Describe());
        Figures.Report(Output, $"reboot test: {report}");

        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), before);
        // By hand: 50 readings took seqs 0..49 and each was stored in the outbox (records 1..50 of 500, none overwritten), so
        // the newest stored seq after the reboot is 49. The reservation mark persisted meanwhile is 64 (block 16: 16, 32, 48,
        // 64), which is above 49, so the shipped wiring resumes right after the newest stored reading: 50..54, no gap and
        // nothing reused.
        Assert.Equal(new long[] { 50, 51, 52, 53, 54 }, after);
        Assert.True(report.Lost.Length == 0, "lost: " + report);
        Assert.Empty(report.Unexpected);
        Assert.Equal(0, report.OutOfOrder);
        // The 10 were acknowledged before the power cut and the 40 were never sent: the device repeats nothing. Only the
        // broker may redeliver (DUP) a message the observer had not acknowledged when the broker stopped.
        Assert.Equal(report.DuplicatesFlaggedDup, report.Duplicates);
        Assert.Empty(observer.Undecodable);
        Assert.Equal(45, rebooted.Locked(d => d.Session.Counters.ReadingsPublished));

        // The 40 queued ones came back as replayed batches.
        Arrival[] replayed = observer.Arrivals.Where(a => a.Thing == Thing && a.Seq >= 10 && a.Seq < 50).ToArray();
        Assert.All(replayed, a => Assert.True(a.InBatch && (a.Flags & ReadingFlags.Replayed) != 0, $"seq {a.Seq} not a replayed batch member"));
    }
}
