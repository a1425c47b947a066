using System.Globalization;
using Methane.Cloud.Enrichment;

namespace Methane.Cloud.Pipeline.Rules;

/// <summary>
/// <c>rules --topic T --payload FILE [--received-ms N]</c>: what each of the AWS stack's rules would emit for this message
/// (archive records, InfluxDB points, Timestream records), and for a batch what the batch function would keep and refuse.
/// </summary>
public static class RulesCommand
{
    public static int Run(IReadOnlyDictionary<string, string> o, TextWriter output)
    {
        if (!o.TryGetValue("topic", out string? topic) || !o.TryGetValue("payload", out string? file))
        {
            output.WriteLine("usage: rules --topic dt/methane/{site}/{thing}/telemetry|batch|alarm|health (or $aws/events/jobExecution/{jobId}/{operation}) --payload file.json [--received-ms n]");
            return 2;
        }
        byte[] payload = File.ReadAllBytes(file);
        long received = o.TryGetValue("received-ms", out string? r) ? long.Parse(r, CultureInfo.InvariantCulture) : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        foreach (var record in CloudRuleProjections.ArchiveRecords(topic, payload, received))
            output.WriteLine($"archive (Firehose, partition site={CloudRuleProjections.ArchiveSite(record)}): {record.ToJsonString()}");
        void Influx(string label, string sql, IEnumerable<InfluxPoint> points)
        {
            foreach (InfluxPoint p in points) output.WriteLine($"{label}  {sql}\n  {p.ToLineProtocol()}");
        }
        void SiteTable(string label, IEnumerable<TimestreamRecord> records, bool withRecord)
        {
            foreach (TimestreamRecord t in records)
                output.WriteLine($"{label} {t.Table}: {t.MeasureName}={t.MeasureValue} ({t.MeasureValueType}) site={t.Site} thing={t.Thing}"
                    + (withRecord ? $" record={t.Record}" : "") + $" time={t.TimeMs}");
        }
        Influx("InfluxDB", CloudRules.InfluxLiveStoreSql, CloudRuleProjections.InfluxLive(topic, payload, received));
        SiteTable("LiveAnalytics", CloudRuleProjections.LiveAnalyticsLive(topic, payload, received), withRecord: false);
        Influx("InfluxDB alarm history", CloudRules.InfluxAlarmHistorySql, CloudRuleProjections.InfluxAlarm(topic, payload, received));
        SiteTable("LiveAnalytics alarm history", CloudRuleProjections.LiveAnalyticsAlarm(topic, payload, received), withRecord: true);
        Influx("InfluxDB health", CloudRules.InfluxHealthSql, CloudRuleProjections.InfluxHealth(topic, payload, received));
        SiteTable("LiveAnalytics health", CloudRuleProjections.LiveAnalyticsHealth(topic, payload, received), withRecord: true);
        Influx("InfluxDB job execution (precision s)", CloudRules.InfluxJobExecutionSql, CloudRuleProjections.InfluxJobExecution(topic, payload, received));
        foreach (TimestreamJobRecord t in CloudRuleProjections.LiveAnalyticsJobExecution(topic, payload, received))
            output.WriteLine($"LiveAnalytics job execution {t.Table}: {t.MeasureName}={t.MeasureValue} ({t.MeasureValueType}) thing={t.Thing} job={t.Job} time={t.TimeMs}");
        if (TelemetryTopic.TryParse(topic, out TelemetryTopic parsed) && parsed.Kind == TopicKind.Batch)
        {
            var dead = new ListDeadLetterSink();
            IReadOnlyList<BatchElement> kept = BatchReadings.Split(parsed, payload, received, dead);
            output.WriteLine($"batch function: {kept.Count} readings to the store (seq {string.Join(",", kept.Select(k => k.Reading.Seq))})");
            foreach (DeadLetter d in dead.Letters) output.WriteLine($"  dead letter {d.Reason} {d.Field} = {d.Value} (expected {d.Expected})");
        }
        return 0;
    }
}
