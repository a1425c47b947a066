namespace Methane.Cloud.Enrichment;

public enum TopicKind { Telemetry, Batch, Alarm, Health }

/// <summary>A parsed <c>dt/methane/{site}/{thing}/{kind}</c> topic. The broker's policy/ACL guarantees site and thing belong to the publisher.</summary>
public readonly record struct TelemetryTopic(string Site, string Thing, TopicKind Kind)
{
    public const string TelemetryFilter = "dt/methane/+/+/telemetry";
    public const string BatchFilter = "dt/methane/+/+/batch";
    public const string AlarmFilter = "dt/methane/+/+/alarm";

    public static bool TryParse(string topic, out TelemetryTopic parsed)
    {
        parsed = default;
        string[] parts = topic.Split('/');
        if (parts.Length != 5 || parts[0] != "dt" || parts[1] != "methane" || parts[2].Length == 0 || parts[3].Length == 0) return false;
        TopicKind kind;
        switch (parts[4])
        {
            case "telemetry": kind = TopicKind.Telemetry; break;
            case "batch": kind = TopicKind.Batch; break;
            case "alarm": kind = TopicKind.Alarm; break;
            case "health": kind = TopicKind.Health; break;
            default: return false;
        }
        parsed = new TelemetryTopic(parts[2], parts[3], kind);
        return true;
    }

    public override string ToString() => $"dt/methane/{Site}/{Thing}/{Kind.ToString().ToLowerInvariant()}";
}
