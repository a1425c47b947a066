namespace Methane.Telemetry;

/// <summary>One decoded alarm event (alarm-event-v1.schema.json), published on <c>dt/methane/{site}/{thing}/alarm</c>.</summary>
public sealed record AlarmEventMessage
{
    public int V { get; init; }
    public required string Thing { get; init; }
    public required string Site { get; init; }
    /// <summary>Seq of the reading that caused the event.</summary>
    public long Seq { get; init; }
    /// <summary>Unix epoch ms of that reading (uptime ms when <see cref="TelemetryFlags.ClockUnsynced"/> is set).</summary>
    public long Timestamp { get; init; }
    /// <summary>One of <see cref="AlarmEventKinds"/>.</summary>
    public required string Event { get; init; }
    /// <summary>Level after the event: 0 none, 1 low, 2 high.</summary>
    public int Alarm { get; init; }
    /// <summary>Level before the event.</summary>
    public int Previous { get; init; }
    public double? Ch4Ppm { get; init; }
    public double? LelPct { get; init; }
    /// <summary>Fitted rise in ppm/min; null until the device's window holds enough samples.</summary>
    public double? RisePpmMin { get; init; }
    public int Flags { get; init; }

    /// <summary>The event as a telemetry reading (identity, methane, level, flags), for the enrichment step shared with readings.</summary>
    public TelemetryReading AsReading() => new()
    {
        V = V, Thing = Thing, Site = Site, Seq = Seq, Timestamp = Timestamp, Ch4Ppm = Ch4Ppm, LelPct = LelPct, Alarm = Alarm, Flags = Flags,
    };
}

/// <summary>The values of an alarm event's <c>event</c> field.</summary>
public static class AlarmEventKinds
{
    public const string Raised = "raised";
    public const string Cleared = "cleared";
    public const string Changed = "changed";
    public const string RateOfRise = "rate_of_rise";

    public static readonly IReadOnlyList<string> All = [Raised, Cleared, Changed, RateOfRise];

    /// <summary>True when <paramref name="previous"/> → <paramref name="alarm"/> is what <paramref name="kind"/> means.</summary>
    public static bool Fits(string kind, int previous, int alarm) => kind switch
    {
        Raised => alarm > previous,
        Cleared => alarm == 0 && previous > 0,
        Changed => alarm > 0 && alarm < previous,
        RateOfRise => alarm == previous,
        _ => false,
    };
}
