using System.Diagnostics;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Sensing;
using Methane.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Methane.Integration.Tests.EndToEnd;

/// <summary>
/// Issue 3, item 9 figures: how fast a backlog leaves the outbox once the device is online (messages/s and readings/s in
/// ≤ 5 KB batches, within the 100 publishes/s limit), and how fast the file outbox takes readings (one fsync per append).
/// Figures are printed, not asserted. The backlog is 5000 readings (about 280 messages, so the 100 publishes/s window shows); METHANE_E2E_REPLAY_READINGS=N makes it a load run.
/// </summary>
public sealed class ReplayRateTests : DeviceTestBase
{
    private const string Thing = "e2e-replay-01";
    private const string Site = "site-south";

    public ReplayRateTests(ITestOutputHelper output) : base(output, "e2e-replay")
    {
    }

    private static int Backlog =>
        int.TryParse(Environment.GetEnvironmentVariable("METHANE_E2E_REPLAY_READINGS"), out int n) && n > 0 ? n : 5000;

    [MosquittoFact]
    public void A_backlog_replays_completely_as_replayed_batches_and_its_rate_is_reported()
    {
        int backlog = Backlog;
        using MosquittoBroker broker = MosquittoBroker.Start(Pki);
        using TelemetryObserver observer = TelemetryObserver.Start(broker, $"dt/methane/+/{Thing}/#");

        // Appending with the real file storage costs one fsync per reading; measured on a small sample...
        using (var sample = new SimulatedDevice(broker, "e2e-append-01", Site, OutboxPath("e2e-append-01"), 216, FastRetry(), run: false))
        {
            var append = Stopwatch.StartNew();
            for (int i = 0; i < 200; i++) sample.EnqueueReading();
            append.Stop();
            Figures.Report(Output, $"outbox append (file storage, fsync per reading): 200 readings in {append.ElapsedMilliseconds} ms = " +
                                   $"{200 / Math.Max(0.001, append.Elapsed.TotalSeconds):F0} readings/s");
        }
        // ...while the big backlog is written the same way into memory and stored as the file a device would have left.
        string file = OutboxPath(Thing);
        int records = backlog + 16;
        File.WriteAllBytes(file, SimulatedDevice.OfflineImage(records, backlog, 1_790_000_000_000));

        using var device = new SimulatedDevice(broker, Thing, Site, file, records, FastRetry(), run: false);
        Assert.Equal(backlog, device.RecoveredCount);
        device.Start();
        long drainedAt = 0;
        Assert.True(device.WaitUntil(d =>
        {
            if (!d.IsDrained) return false;
            drainedAt = d.Clock.UptimeMilliseconds;
            return true;
        }, TimeSpan.FromSeconds(Math.Max(20, backlog / 50))), device.Describe());
        long onlineAt = device.Transitions.First(t => t.State == SessionState.Online).UptimeMs;
        long[] produced = Enumerable.Range(0, backlog).Select(i => (long)i).ToArray();
        Assert.True(observer.WaitForAll(Thing, produced, Wait), observer.Report(Thing, produced).ToString());

        SessionCounters c = device.Locked(d => d.Session.Counters);
        DeliveryReport report = observer.Report(Thing, produced);
        Arrival[] arrivals = observer.Arrivals.Where(a => a.Thing == Thing).ToArray();
        double seconds = Math.Max(1, drainedAt - onlineAt) / 1000.0;
        double observedSeconds = Math.Max(1, arrivals.Max(a => a.ReceivedAtMs) - arrivals.Min(a => a.ReceivedAtMs)) / 1000.0;
        int largest = observer.Messages.Max(m => m.Payload.Length);
        int busiestSecond = CountingTransport.MaxInWindow(device.Wire.PublishTimes, 1000);
        Figures.Note(Output, device.Describe());
        Figures.Report(Output, $"outbox replay: {backlog} readings in {c.BatchesPublished} batch messages " +
                               $"({(double)backlog / c.BatchesPublished:F1} readings/message, largest {largest} bytes) acknowledged in " +
                               $"{drainedAt - onlineAt} ms after CONNACK = {c.BatchesPublished / seconds:F0} messages/s, " +
                               $"{backlog / seconds:F0} readings/s (observer saw first..last in {observedSeconds * 1000:F0} ms, at most {busiestSecond} " +
                               $"publishes in any 1 s of device uptime); {report}");

        Assert.Empty(report.Lost);
        Assert.Equal(0, report.OutOfOrder);
        Assert.Empty(observer.Undecodable);
        Assert.Equal(c.BatchesPublished, c.MessagesPublished); // a backlog never goes out as single live messages
        Assert.All(arrivals, a => Assert.True(a.InBatch && (a.Flags & ReadingFlags.Replayed) != 0));
        Assert.InRange(largest, 1, 5120); // AWS bills in 5 KB units: batches stay within one
        // AWS IoT Core: at most 100 publishes per second per connection. The wire times are read a moment after the
        // session's own, so the window is 999 ms (1 ms of clock-read granularity).
        Assert.InRange(CountingTransport.MaxInWindow(device.Wire.PublishTimes, 999), 1, 100);
    }
}
