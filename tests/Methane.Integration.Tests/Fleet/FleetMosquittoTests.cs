using Methane.Firmware.Host.Fleet;
using Methane.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Methane.Integration.Tests.Fleet;

/// <summary>
/// Fleet mode end to end: 200 devices, each the real firmware core on its own emulated board with its own certificate, over
/// mutual TLS to a real Mosquitto with the project's ACL; the observer (read-only identity) counts every reading by
/// (thing, seq). Kept short: a reading per second for a 3-second window, then the queues drain.
/// </summary>
public sealed class FleetMosquittoTests(ITestOutputHelper output)
{
    [MosquittoFact]
    public void Two_hundred_devices_deliver_every_reading_exactly_once()
    {
        using TestPki pki = TestPki.Create("fleet");
        using MosquittoBroker broker = MosquittoBroker.Start(pki);
        var options = new FleetOptions
        {
            Devices = 200,
            Sites = 4,
            Interval = TimeSpan.FromSeconds(1),
            Duration = TimeSpan.FromSeconds(3),
            Broker = MosquittoBroker.Host + ":" + broker.Port,
            CertDirectory = pki.Directory,
            Observer = MosquittoBroker.ObserverIdentity,
            RampPerSecond = 200,
            RampTimeout = TimeSpan.FromSeconds(30),
            Drain = TimeSpan.FromSeconds(15),
            Headless = true,
        };
        var notes = new List<string>();

        FleetReport report = new FleetRunner(options, _ => { }, notes.Add).Run(CancellationToken.None);

        output.WriteLine(report.ToText());
        TestFigures.Report($"fleet vs Mosquitto: 200 devices online in {report.FleetConnectSeconds:F1} s, {report.Samples} readings, " +
                           $"{report.Lost} lost, {report.Duplicates} duplicated, window latency p50 {report.LatencyP50} ms p99 {report.LatencyP99} ms", output.WriteLine);
        Assert.True(report.Connected == 200, "devices that never came online: " + (200 - report.Connected) + "\n" + report.ToText() + broker.ReadLog());
        // 200 devices sampling once a second through a 3 s window (plus the ramp): at least 3 readings each.
        Assert.True(report.Samples >= 200 * 3, report.ToText());
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.Duplicates);
        Assert.Equal(0, report.Rejected);
        Assert.Equal(report.Samples, report.Distinct);
        Assert.Equal(report.Samples, report.ReadingsAcked);
        Assert.Equal(0, report.ConnectionsLost);
        Assert.True(report.Passed);
    }
}
