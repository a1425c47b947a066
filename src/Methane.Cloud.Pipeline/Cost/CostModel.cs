namespace Methane.Cloud.Pipeline.Cost;

/// <summary>One line of the bill: $/device-month of a component and how it was reached.</summary>
public sealed record CostLine(string Component, double UsdPerDeviceMonth, string Basis);

/// <summary>
/// $/device-month of the AWS backend (InfluxDB variant) for a fleet, from a measured run scaled to a month: every topic's
/// messages, 5 KB units and bytes per device-second of the run times the seconds of a month. Volume prices apply to the
/// fleet's total (messaging tiers); fixed costs (the InfluxDB instance, its minimum storage, S3 PUTs per site) are spread over
/// the fleet.
/// </summary>
public static class CostModel
{
    public static IReadOnlyList<CostLine> PerDeviceMonth(TrafficRun run, PriceTable p, int fleet)
    {
        double secondsPerMonth = p.Assume("hours_per_month") * 3600;
        double scale = secondsPerMonth / run.DurationSeconds / run.Devices;   // run counts -> one device-month
        double Sum(Func<TopicTraffic, double> f) => run.Topics.Values.Sum(f) * scale;
        double messages = Sum(t => t.Messages);
        double units = Sum(t => t.Units5Kb);
        double readings = Sum(t => t.Readings);
        double payloadBytes = run.Topics.Where(t => t.Value.Readings > 0).Sum(t => (double)t.Value.Bytes) * scale;
        double rules = 0, firehoseRecords = 0;
        foreach ((string topic, TopicTraffic t) in run.Topics)
        {
            (double r, double f) = p.RulesByTopic.TryGetValue(topic, out var routed) ? routed : (0, 0);
            // Rules and actions are metered like messages, in 5 KB units.
            rules += t.Units5Kb * scale * r;
            firehoseRecords += t.Messages * scale * f;
        }
        double minutes = p.Assume("hours_per_month") * 60;
        double batches = run.Topics.TryGetValue("batch", out TopicTraffic? b) ? b.Messages * scale : 0;
        double gzBytes = payloadBytes * p.Assume("archive_gzip_ratio");
        double sites = Math.Max(1, Math.Ceiling(fleet / p.Assume("devices_per_site")));
        double puts = sites * secondsPerMonth / p.Assume("firehose_buffer_seconds");
        double influxGb = readings * fleet * p.Assume("influxdb_bytes_per_reading") * p.Assume("influxdb_retention_days") * 86400 / secondsPerMonth / 1e9;
        double influxStorageGb = Math.Max(influxGb, 20);
        double lambdaCalls = batches * p.Assume("lambda_per_batch_message");
        const double Kb5 = 5 * 1024;
        string M(double v) => (v / 1e6).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " M";

        return
        [
            new("IoT Core connectivity", minutes * p.Usd("iot_connectivity_per_million_minutes") / 1e6, $"{minutes:0} connected minutes"),
            new("IoT Core messaging", p.MessagingUsd(units * fleet) / fleet, $"{units:0} units of 5 KB ({messages:0} messages), fleet {M(units * fleet)} units/month, tiered"),
            new("Rules triggered + actions", rules * (p.Usd("iot_rules_per_million_triggered") + p.Usd("iot_actions_per_million_executed")) / 1e6, $"{rules:0} rules, one action each"),
            new("Firehose (5 KB per record)", firehoseRecords * Kb5 / 1e9 * p.Usd("firehose_per_gb_ingested"), $"{firehoseRecords:0} records billed as {firehoseRecords * Kb5 / 1e9:0.###} GB"),
            new("S3 archive", gzBytes / 1e9 * p.Usd("s3_standard_per_gb_month") + puts / fleet * p.Usd("s3_put_per_thousand") / 1000,
                $"{gzBytes / 1e6:0.00} MB gzip for a month (storage grows by this every month), {puts:0} PUTs/month for {sites:0} sites over the fleet"),
            new("InfluxDB instance (fixed)", p.Usd("influxdb_instance_per_hour") * p.Assume("hours_per_month") / fleet, $"{p.Prices["influxdb_instance_per_hour"].Usd}/h x {p.Assume("hours_per_month")} h over {fleet} devices"),
            new("InfluxDB storage", influxStorageGb * p.Usd("influxdb_storage_per_gb_month") / fleet, $"{readings:0} readings/device-month, {influxGb:0.0} GB for {p.Assume("influxdb_retention_days")} days (minimum 20 GB)"),
            new("Lambda", lambdaCalls * p.Usd("lambda_per_million_requests") / 1e6 + lambdaCalls * p.Assume("lambda_gb_seconds_per_invocation") * p.Usd("lambda_per_gb_second"),
                $"{lambdaCalls:0} invocations"),
        ];
    }
}
