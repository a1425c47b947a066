namespace Methane.Firmware.Host.Fleet;

public enum FleetPhase
{
    Preparing,
    Ramping,
    Measuring,
    Draining,
    Done,
}

/// <summary>The fleet at one moment, for the progress view (read while devices run: counts may be a tick old).</summary>
public sealed record FleetSnapshot
{
    public FleetPhase Phase { get; init; }
    public TimeSpan Elapsed { get; init; }
    public TimeSpan PhaseRemaining { get; init; }
    public int Devices { get; init; }
    public int Started { get; init; }
    public int Online { get; init; }
    public int EverOnline { get; init; }
    public int ConnectBacklog { get; init; }
    public long ConnectAttempts { get; init; }
    public long ConnectionsLost { get; init; }
    public long Samples { get; init; }
    public long ReadingsPublished { get; init; }
    public long ReadingsAcked { get; init; }
    public long Received { get; init; }
    public long Duplicates { get; init; }
    public double ReceivedPerSecond { get; init; }
    public long LatencyP50 { get; init; }
    public long LatencyP99 { get; init; }
    public double CpuPercent { get; init; }
    public long WorkingSetBytes { get; init; }
    public long GcHeapBytes { get; init; }
    public long BrokerRssBytes { get; init; }
    public string LastEvent { get; init; } = "";
}
