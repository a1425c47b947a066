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
        foreach (InfluxPoint p in CloudRuleProjections.InfluxLive(topic, payload, received))
            output.WriteLine($"InfluxDB  {CloudRules.InfluxLiveStoreSql}\n  {p.ToLineProtocol()}");
        foreach (TimestreamRecord t in CloudRuleProjections.LiveAnalyticsLive(topic, payload, received))
            output.WriteLine($"LiveAnalytics {t.Table}: {t.MeasureName}={t.MeasureValue} ({t.MeasureValueType}) site={t.Site} thing={t.Thing} time={t.TimeMs}");
        foreach (InfluxPoint p in CloudRuleProjections.InfluxAlarm(topic, payload, received))
            output.WriteLine($"InfluxDB alarm history  {CloudRules.InfluxAlarmHistorySql}\n  {p.ToLineProtocol()}");
        foreach (TimestreamRecord t in CloudRuleProjections.LiveAnalyticsAlarm(topic, payload, received))
            output.WriteLine($"LiveAnalytics alarm history {t.Table}: {t.MeasureName}={t.MeasureValue} ({t.MeasureValueType}) site={t.Site} thing={t.Thing} record={t.Record} time={t.TimeMs}");
        foreach (InfluxPoint p in CloudRuleProjections.InfluxHealth(topic, payload, received))
            output.WriteLine($"InfluxDB health  {CloudRules.InfluxHealthSql}\n  {p.ToLineProtocol()}");
        foreach (TimestreamRecord t in CloudRuleProjections.LiveAnalyticsHealth(topic, payload, received))
            output.WriteLine($"LiveAnalytics health {t.Table}: {t.MeasureName}={t.MeasureValue} ({t.MeasureValueType}) site={t.Site} thing={t.Thing} record={t.Record} time={t.TimeMs}");
        foreach (InfluxPoint p in CloudRuleProjections.InfluxJobExecution(topic, payload, received))
            output.WriteLine($"InfluxDB job execution (precision s)  {CloudRules.InfluxJobExecutionSql}\n  {p.ToLineProtocol()}");
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
