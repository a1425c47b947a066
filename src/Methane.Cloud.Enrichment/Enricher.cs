using Methane.Telemetry;

namespace Methane.Cloud.Enrichment;

public enum DataQuality { Good = 0, Degraded = 1, Invalid = 2 }

/// <summary>A reading plus static site data, dynamic device data and derived fields.</summary>
public sealed record EnrichedReading(
    TelemetryReading Reading,
    TopicKind Source,
    long ReceivedMs,
    /// <summary>Time used for windows: the device timestamp, or the receive time when the device clock was not synced.</summary>
    long EventMs,
    Site Site,
    DeviceInfo? Device,
    /// <summary>%LEL recomputed from ch4_ppm (LEL 5.0 %vol = 50,000 ppm); null when ch4_ppm is null or invalid.</summary>
    double? DerivedLelPct,
    /// <summary>Alarm level from the site's thresholds (0 none, 1 low, 2 high); 0 when the value is invalid.</summary>
    int SiteAlarm,
    DataQuality Quality);

/// <summary>The enrichment step shared by the cloud function and the local pipeline.</summary>
public sealed class Enricher
{
    /// <summary>Methane lower explosive limit: 5.0 %vol = 50,000 ppm, so 1 %LEL = 500 ppm.</summary>
    public const double PpmPerLelPercent = 500.0;

    private readonly SiteCatalog _sites;
    private readonly IDeviceRegistry _registry;

    public Enricher(SiteCatalog sites, IDeviceRegistry registry)
    {
        _sites = sites;
        _registry = registry;
    }

    public static DataQuality QualityOf(int flags, double? ch4Ppm)
    {
        if ((flags & QualityFlags.InvalidMask) != 0 || ch4Ppm == null) return DataQuality.Invalid;
        return (flags & QualityFlags.DegradedMask) != 0 ? DataQuality.Degraded : DataQuality.Good;
    }

    public static int AlarmFor(double? lelPct, Site site)
    {
        if (lelPct == null) return 0;
        if (lelPct >= site.HighAlarmLelPct) return 2;
        return lelPct >= site.LowAlarmLelPct ? 1 : 0;
    }

    /// <summary>
    /// Enriches a decoded reading that arrived on <paramref name="topic"/>. Returns null and writes a dead letter when the
    /// reading contradicts its topic (site/thing) or names a site that the sites file does not know.
    /// </summary>
    public EnrichedReading? Enrich(TelemetryReading r, TelemetryTopic topic, long receivedMs, IDeadLetterSink deadLetters, ReadOnlySpan<byte> payload)
    {
        string topicText = topic.ToString();
        if (!string.Equals(r.Site, topic.Site, StringComparison.Ordinal))
        {
            deadLetters.Write(DeadLetter.Create(topicText, "site-topic-mismatch", "site", r.Site, receivedMs, payload));
            return null;
        }
        if (!string.Equals(r.Thing, topic.Thing, StringComparison.Ordinal))
        {
            deadLetters.Write(DeadLetter.Create(topicText, "thing-topic-mismatch", "thing", r.Thing, receivedMs, payload));
            return null;
        }
        Site? site = _sites.Find(r.Site);
        if (site == null)
        {
            deadLetters.Write(DeadLetter.Create(topicText, "unknown-site", "site", r.Site, receivedMs, payload));
            return null;
        }
        DeviceInfo? device = _registry.Find(r.Thing);
        if (device != null && !string.Equals(device.Site, r.Site, StringComparison.Ordinal))
        {
            deadLetters.Write(DeadLetter.Create(topicText, "registry-site-mismatch", "site", r.Site, receivedMs, payload));
            return null;
        }
        DataQuality quality = QualityOf(r.Flags, r.Ch4Ppm);
        double? lel = quality == DataQuality.Invalid ? null : r.Ch4Ppm / PpmPerLelPercent;
        long eventMs = (r.Flags & TelemetryFlags.ClockUnsynced) != 0 ? receivedMs : r.Timestamp;
        return new EnrichedReading(r, topic.Kind, receivedMs, eventMs, site, device, lel, AlarmFor(lel, site), quality);
    }
}
