using System.Globalization;
using System.Text;

namespace Methane.Firmware.Host.Fleet;

/// <summary>The figures of one fleet run, and their text form.</summary>
public sealed class FleetReport
{
    public required string Broker { get; init; }
    public int Devices { get; init; }
    public int Sites { get; init; }
    public TimeSpan Interval { get; init; }
    public TimeSpan Duration { get; init; }
    public int TickThreads { get; init; }
    public int ConnectThreads { get; init; }
    public double RampPerSecond { get; init; }

    public double CertificateSeconds { get; init; }
    public int Connected { get; init; }
    public int OnlineAtEnd { get; init; }
    /// <summary>First device started → last device online (seconds); NaN when not all came online.</summary>
    public double FleetConnectSeconds { get; init; }
    public long ConnectAttempts { get; init; }
    public long ConnectionsLost { get; init; }
    public long Reconnects { get; init; }

    public long Samples { get; init; }
    public long ReadingsPublished { get; init; }
    public long MessagesPublished { get; init; }
    public long ReadingsAcked { get; init; }
    public long OutboxDropped { get; init; }
    public long Received { get; init; }
    public long Distinct { get; init; }
    public long Lost { get; init; }
    public long Duplicates { get; init; }
    public long Unexpected { get; init; }
    public long Rejected { get; init; }
    public string LastRejection { get; init; } = "";
    public long HealthReceived { get; init; }
    public long TickErrors { get; init; }
    public string LastTickError { get; init; } = "";
    public int DeviceWarnings { get; init; }

    /// <summary>Readings received per second during the measurement window.</summary>
    public double WindowReadingsPerSecond { get; init; }
    public double WindowSeconds { get; init; }
    public long LatencyCount { get; init; }
    public long LatencyP50 { get; init; }
    public long LatencyP95 { get; init; }
    public long LatencyP99 { get; init; }
    public long LatencyMax { get; init; }
    /// <summary>Over the whole run (ramp and drain included).</summary>
    public long AllLatencyCount { get; init; }
    public long AllLatencyP99 { get; init; }
    public long AllLatencyMax { get; init; }

    public double WallSeconds { get; init; }
    public double CpuSeconds { get; init; }
    public long PeakWorkingSetBytes { get; init; }
    public long PeakGcHeapBytes { get; init; }
    public double BrokerCpuSeconds { get; init; } = double.NaN;
    public long BrokerPeakRssBytes { get; init; } = -1;
    /// <summary>Embedded broker: its counters (CONNECTs accepted / refused, publishes / subscriptions denied); null otherwise.</summary>
    public string? BrokerCounters { get; init; }
    public double LoadAtStart { get; init; }
    public double LoadAtEnd { get; init; }
    public long FileDescriptorLimit { get; init; }

    /// <summary>Zero loss: every reading any device took arrived at the subscriber.</summary>
    public bool Passed => Lost == 0 && Samples > 0 && Rejected == 0 && Unexpected == 0;

    public string ToText()
    {
        var b = new StringBuilder();
        void Line(string name, string value) => b.Append("  ").Append(name.PadRight(22)).Append(value).Append('\n');
        b.Append("fleet report\n");
        Line("broker", Broker);
        Line("fleet", $"{Devices} devices over {Sites} sites, sample every {Secs(Interval.TotalSeconds)}, window {Secs(Duration.TotalSeconds)}");
        Line("scheduler", $"{TickThreads} tick threads + {ConnectThreads} connect threads, ramp {F(RampPerSecond, 0)} devices/s");
        Line("certificates", $"{Devices} issued (ECDSA P-256) in {Secs(CertificateSeconds)}");
        Line("connected", $"{Connected}/{Devices} (online at end {OnlineAtEnd}); whole fleet in "
            + (double.IsNaN(FleetConnectSeconds) ? "n/a (not all connected)" : Secs(FleetConnectSeconds) + $" ({F(Devices / FleetConnectSeconds, 0)} connects/s)"));
        Line("connections", $"{ConnectAttempts} attempts, {ConnectionsLost} lost, {Reconnects} reconnects");
        Line("readings taken", N(Samples) + (OutboxDropped > 0 ? $" ({N(OutboxDropped)} dropped by full outboxes)" : ""));
        Line("published", $"{N(ReadingsPublished)} readings in {N(MessagesPublished)} messages (resends count again)");
        Line("acknowledged", N(ReadingsAcked) + " readings (PUBACK)");
        Line("received", $"{N(Received)} readings by the subscriber, {N(Distinct)} distinct (thing, seq)");
        Line("lost", N(Lost));
        Line("duplicated", N(Duplicates));
        if (Unexpected > 0) Line("unexpected", N(Unexpected) + " readings with a seq no device assigned");
        if (Rejected > 0) Line("rejected", N(Rejected) + " payloads (last: " + LastRejection + ")");
        Line("health messages", N(HealthReceived) + " received (QoS 0, not counted as readings)");
        Line("throughput", $"{F(WindowReadingsPerSecond, 1)} readings/s received over the {Secs(WindowSeconds)} window");
        Line("latency (window)", LatencyCount == 0 ? "n/a"
            : $"p50 {LatencyP50} ms, p95 {LatencyP95} ms, p99 {LatencyP99} ms, max {LatencyMax} ms ({N(LatencyCount)} live readings)");
        Line("latency (whole run)", AllLatencyCount == 0 ? "n/a" : $"p99 {AllLatencyP99} ms, max {AllLatencyMax} ms ({N(AllLatencyCount)} live readings, ramp included)");
        Line("process CPU", $"{Secs(CpuSeconds)} in {Secs(WallSeconds)} wall ({F(100 * CpuSeconds / Math.Max(WallSeconds, 0.001), 0)} % of one core)");
        Line("process memory", $"peak working set {Mb(PeakWorkingSetBytes)}, peak GC heap {Mb(PeakGcHeapBytes)}");
        if (!double.IsNaN(BrokerCpuSeconds)) Line("broker process", $"CPU {Secs(BrokerCpuSeconds)}, peak RSS {Mb(BrokerPeakRssBytes)}");
        if (BrokerCounters != null) Line("embedded broker", BrokerCounters + " (its CPU and memory are in the process figures)");
        Line("machine", $"{Environment.ProcessorCount} cores, load average {F(LoadAtStart, 1)} at start, {F(LoadAtEnd, 1)} at end; open-file limit {FileDescriptorLimit}");
        if (TickErrors > 0) Line("tick errors", TickErrors + " (last: " + LastTickError + ")");
        if (DeviceWarnings > 0) Line("device warnings", DeviceWarnings + " WARN/ERROR log lines across the fleet");
        b.Append(Passed ? "  result                PASS: zero lost\n" : "  result                FAIL: " + N(Lost) + " lost\n");
        return b.ToString();
    }

    private static string F(double v, int decimals) => v.ToString("F" + decimals, CultureInfo.InvariantCulture);
    private static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
    private static string Secs(double s) => s < 120 ? F(s, 1) + " s" : F(s / 60, 1) + " min";
    private static string Mb(long bytes) => bytes < 0 ? "n/a" : F(bytes / (1024.0 * 1024.0), 0) + " MB";
}
