using System.Diagnostics;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Sensing;
using Methane.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Methane.Integration.Tests.EndToEnd;

/// <summary>
/// Issue 3, item 8: the broker is stopped mid-stream for a few seconds and restarted on the same port while the device keeps
/// measuring. The REAL session manager, MQTTnet transport and file outbox; a real Mosquitto over mTLS; an observer that
/// deduplicates by thing and seq. Every reading must arrive, first arrivals in seq order, no gap; duplicates only of readings
/// that were unacknowledged when the connection dropped (what QoS 1 allows) or broker redeliveries marked DUP.
/// </summary>
public sealed class BrokerOutageDeliveryTests : DeviceTestBase
{
    private const string Thing = "e2e-outage-01";
    private const string Site = "site-north";
    private const int ReadingEveryMs = 20; // 50 readings/s: a busy device, so the outage catches publishes in flight
    private const int OutageMs = 3000;

    public BrokerOutageDeliveryTests(ITestOutputHelper output) : base(output, "e2e-outage")
    {
    }

    [MosquittoFact]
    public void Every_reading_taken_across_a_broker_outage_arrives_once_in_seq_order_with_no_gap()
    {
        using MosquittoBroker broker = MosquittoBroker.Start(Pki);
        using TelemetryObserver observer = TelemetryObserver.Start(broker, $"dt/methane/+/{Thing}/#");
        using var device = new SimulatedDevice(broker, Thing, Site, OutboxPath(Thing), 2000, FastRetry());
        Assert.True(device.WaitUntil(d => d.Session.State == SessionState.Online, Wait), device.Describe());

        device.Produce(ReadingEveryMs, int.MaxValue);
        Assert.True(observer.WaitUntil(() => observer.SeqsOf(Thing).Count >= 50, Wait), "no live telemetry before the outage: " + device.Describe());
        int liveBefore = observer.SeqsOf(Thing).Count;

        broker.Stop(); // SIGTERM mid-stream; Mosquitto saves the observer's persistent session and its queue
        Assert.True(device.WaitUntil(d => d.Session.State != SessionState.Online, Wait), "the session did not notice the outage");
        Thread.Sleep(OutageMs);
        int queued = device.Locked(d => d.Outbox.Count);

        broker.StartAgain();
        var back = Stopwatch.StartNew();
        Assert.True(device.WaitUntil(d => d.Session.State == SessionState.Online, Wait), "no reconnect: " + device.Describe());
        long reconnectMs = back.ElapsedMilliseconds;
        Assert.True(device.WaitUntil(d => d.Session.Unsent <= 1 && d.Session.InFlight <= 1, Wait), "backlog not sent: " + device.Describe());
        long backlogSentMs = back.ElapsedMilliseconds;

        Thread.Sleep(1000); // live again for a while
        device.StopProducing();
        Assert.True(device.WaitUntil(d => d.IsDrained, Wait), "outbox not drained: " + device.Describe());
        long[] produced = device.Produced;
        observer.WaitForAll(Thing, produced, Wait);

        DeliveryReport report = observer.Report(Thing, produced);
        SessionCounters c = device.Locked(d => d.Session.Counters);
        long resent = c.ReadingsPublished - produced.Length;
        long unackedAtLosses = device.UnackedAtLosses.Sum();
        Figures.Note(Output, device.Describe());
        Figures.Report(Output, $"outage test ({OutageMs} ms outage, 1 reading / {ReadingEveryMs} ms): {report}; " +
                               $"{liveBefore} live before the stop, {queued} queued during the outage, device resent {resent} " +
                               $"(unacknowledged at the {device.UnackedAtLosses.Count} connection loss(es) or rewind(s): {unackedAtLosses})");
        Figures.Report(Output, $"time to reconnect after the broker returned (base 200 ms / cap 1 s backoff, 1 s CONNECT limit): {reconnectMs} ms; " +
                               $"backlog of {queued} sent {backlogSentMs} ms after the broker returned");

        Assert.Empty(observer.Undecodable);
        Assert.Equal(Enumerable.Range(0, produced.Length).Select(i => (long)i), produced); // the device's own seqs have no gap
        Assert.True(report.Lost.Length == 0, "lost readings: " + report);
        Assert.Equal(produced.Length, report.Delivered);
        Assert.Empty(report.Unexpected);
        Assert.True(report.OutOfOrder == 0, "first arrivals out of seq order: " + report);
        // QoS 1 accounting: a duplicate is either a reading the device sent again because it was unacknowledged when the
        // connection dropped, or a broker redelivery flagged DUP. Nothing else may repeat.
        Assert.InRange(resent, 0, unackedAtLosses);
        Assert.InRange(report.Duplicates, 0, resent + report.DuplicatesFlaggedDup);
        Assert.True(queued > 0, "nothing was queued during the outage: the test did not test the outbox");
        Assert.True(c.ConnectionsLost >= 1 && c.Reconnects >= 1);
        // AWS IoT Core: one CONNECT per second per client id, also while retrying against a dead broker.
        long[] connects = device.Wire.ConnectTimes;
        Assert.True(connects.Length >= 2);
        Assert.Equal(1, CountingTransport.MaxInWindow(connects, 1000));

        // What went out while online is live telemetry; what waited in the outbox came back as flagged batches.
        Arrival[] arrivals = observer.Arrivals.Where(a => a.Thing == Thing).ToArray();
        Assert.Contains(arrivals, a => a.Topic == $"dt/methane/{Site}/{Thing}/telemetry" && (a.Flags & ReadingFlags.Replayed) == 0);
        Assert.Contains(arrivals, a => a.Topic == $"dt/methane/{Site}/{Thing}/batch" && a.InBatch && (a.Flags & ReadingFlags.Replayed) != 0);
        Assert.All(arrivals.Where(a => a.InBatch), a => Assert.NotEqual(0, a.Flags & ReadingFlags.Replayed));
    }
}
