namespace Methane.Cloud.Enrichment;

/// <summary>
/// The IoT rules' SQL and substitution templates, in one place: the CDK stack puts them in the topic rules, the local
/// pipeline's rule projections evaluate the same strings, and tests compare the two.
/// </summary>
public static class CloudRules
{
    public const string TelemetryFilter = "dt/methane/+/+/telemetry";
    public const string BatchFilter = "dt/methane/+/+/batch";
    public const string AlarmFilter = "dt/methane/+/+/alarm";
    public const string HealthFilter = "dt/methane/+/+/health";

    /// <summary>
    /// AWS IoT's job execution events (published only once JOB_EXECUTION events are enabled for the account:
    /// <c>aws iot update-event-configurations</c>): level 4 is the job id, level 5 the operation (succeeded, failed, rejected,
    /// canceled, timed_out, removed, deleted).
    /// </summary>
    public const string JobExecutionFilter = "$aws/events/jobExecution/+/+";

    /// <summary>
    /// Validated batches, written by the batch function through Basic Ingest (<c>$aws/rules/{rule}/st/methane/…</c>). No
    /// device may publish here (the device policy allows only its own <c>dt/</c> topics), and devices' <c>…/batch</c>
    /// messages never reach the rule that reads it.
    /// </summary>
    public const string ValidatedBatchFilter = "st/methane/+/+/batch";

    /// <summary>Every live reading as received, plus where and when it arrived: one Firehose record each.</summary>
    public const string TelemetryArchiveSql = "SELECT *, topic() AS topic, timestamp() AS received_ms FROM '" + TelemetryFilter + "'";

    /// <summary>
    /// A batch message as received, whatever it holds (valid or not), as one envelope: Firehose gets one record per batch, the
    /// function gets the bytes exactly (base64 passes any payload). The archive and the function actions share this rule.
    /// </summary>
    public const string BatchSql = "SELECT encode(*, 'base64') AS payload, topic() AS topic, timestamp() AS received_ms FROM '" + BatchFilter + "'";

    /// <summary>LiveAnalytics store rule: one Timestream record per selected attribute (SQL 2015-10-08 keeps 10.0 a DOUBLE).</summary>
    public static string LiveAnalyticsStoreSql => $"SELECT {string.Join(", ", StoredFields.Measures)} FROM '{TelemetryFilter}'";

    /// <summary>InfluxDB store rule: the action requires the integer epoch key named exactly 'timestamp'.</summary>
    public static string InfluxLiveStoreSql => $"SELECT timestamp, {string.Join(", ", StoredFields.Measures)} FROM '{TelemetryFilter}'";

    /// <summary>Alarm history into InfluxDB: every alarm event as one point of <see cref="StoredFields.AlarmMeasurement"/>.</summary>
    public static string InfluxAlarmHistorySql => $"SELECT timestamp, {string.Join(", ", StoredFields.AlarmFields)} FROM '{AlarmFilter}'";

    /// <summary>Alarm history into LiveAnalytics: one record per field in the site's table, dimension record = methane_alarm.</summary>
    public static string LiveAnalyticsAlarmHistorySql => $"SELECT {string.Join(", ", StoredFields.AlarmFields)} FROM '{AlarmFilter}'";

    /// <summary>Device health into InfluxDB: every health message as one point of <see cref="StoredFields.HealthMeasurement"/>.</summary>
    public static string InfluxHealthSql => $"SELECT timestamp, {string.Join(", ", StoredFields.HealthFields)} FROM '{HealthFilter}'";

    /// <summary>Device health into LiveAnalytics: one record per field in the site's table, dimension record = methane_health.</summary>
    public static string LiveAnalyticsHealthSql => $"SELECT {string.Join(", ", StoredFields.HealthFields)} FROM '{HealthFilter}'";

    /// <summary>
    /// The job fields of an execution event: status and operation as sent, statusDetails' step/progress/reason lifted to the
    /// top level (the store actions write flat values; a key the event lacks is left out).
    /// </summary>
    private const string JobSelect = "status, operation, statusDetails.step AS step, statusDetails.progress AS progress, statusDetails.reason AS reason";

    /// <summary>Job execution events into InfluxDB: the event's own <c>timestamp</c> (epoch seconds: the action's unit is s).</summary>
    public const string InfluxJobExecutionSql = "SELECT timestamp, " + JobSelect + " FROM '" + JobExecutionFilter + "'";

    /// <summary>Job execution events into LiveAnalytics (table methane_job; the time comes from the timestamp template).</summary>
    public const string LiveAnalyticsJobExecutionSql = "SELECT " + JobSelect + " FROM '" + JobExecutionFilter + "'";

    /// <summary>InfluxDB batch-store rule: the function already projected each element to timestamp + the stored fields.</summary>
    public const string InfluxValidatedBatchSql = "SELECT * FROM '" + ValidatedBatchFilter + "'";

    /// <summary>Tags/dimensions: topic levels 3 and 4 (<c>${topic(n)}</c> is 1-based), the same templates on every store path.</summary>
    public const string SiteTemplate = "${topic(3)}";
    public const string ThingTemplate = "${topic(4)}";
    public const string TimestampTemplate = "${timestamp}";

    /// <summary>
    /// The thing of a job execution event: the last path segment of its <c>thingArn</c> (arn:aws:iot:region:account:thing/NAME);
    /// the event has no thingName and its topic names only the job.
    /// </summary>
    public const string JobThingTemplate = "${regexp_substring(thingArn, '[^/]+$')}";

    /// <summary>The job id of a job execution event (topic level 4).</summary>
    public const string JobIdTemplate = "${topic(4)}";

    /// <summary>
    /// Per-element templates of the InfluxDB action (<c>@{field}</c>, evaluated for each array element; the referenced keys
    /// leave the field set). Used only on validated batches, whose elements the function checked against the topic.
    /// </summary>
    public const string ElementSiteTemplate = "@{site}";
    public const string ElementThingTemplate = "@{thing}";

    /// <summary>The Basic Ingest topic the function publishes a validated batch of <paramref name="site"/>/<paramref name="thing"/> to.</summary>
    public static string ValidatedBatchTopic(string ruleName, string site, string thing) => $"$aws/rules/{ruleName}/st/methane/{site}/{thing}/batch";
}
