using System.Globalization;
using System.Text.Json;
using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;
using Methane.Emissions.Jobs;

namespace Methane.Cloud.Function.Emissions;

/// <summary>
/// The scheduled emission inversion: the cloud counterpart of the local pipeline's emission job, the same
/// <see cref="BlockInversionJob"/> over InfluxDB. EventBridge invokes it a few minutes after every 15-minute window closes;
/// the event's <c>time</c> is "now". For every site it reads the current block's readings and context
/// (<see cref="InfluxReadingsQuery"/>), inverts every window of the block that has ended, and writes the estimates back as
/// line protocol (<see cref="EmissionLineProtocol"/>); in the first run after a block has ended it also re-runs that block
/// whole and writes the block's estimate. Re-running a window overwrites its points, so retries and late readings are safe.
/// </summary>
public sealed class InversionFunction(IReadOnlyList<SiteGeometry> sites, BlockInversionJob job, InfluxHttpApi influx, InfluxTarget target, TextWriter log, string metricsNamespace)
    : IFunctionHandler
{
    public async Task<byte[]> HandleAsync(byte[] evt, CancellationToken cancel)
    {
        DateTimeOffset now = EventTime(evt) ?? DateTimeOffset.UtcNow;
        DateTimeOffset current = job.BlockStartOf(now);
        var blocks = new List<DateTimeOffset>();
        // The first run after a block ended closes it (its last window ended less than a window ago).
        if (now - current < TimeSpan.FromMinutes(job.Options.WindowMinutes)) blocks.Add(job.BlockStartOf(current.AddMinutes(-1)));
        blocks.Add(current);

        var results = new List<BlockInversionResult>();
        var lines = new List<string>();
        foreach (SiteGeometry site in sites)
        {
            foreach (DateTimeOffset blockStart in blocks)
            {
                var (start, minutes) = job.LoadRange(blockStart);
                string query = InfluxReadingsQuery.Text(site, start, start.AddMinutes(minutes));
                IReadOnlyList<StoredReadingRow> rows = InfluxReadingsQuery.Parse(await influx.QueryAsync(target.Database, query, cancel).ConfigureAwait(false));
                var obs = new ObservationSeries(site, start, minutes);
                StoredReadings.AddAll(obs, rows);
                BlockInversionResult result = job.Run(site, obs, blockStart, now);
                results.Add(result);
                lines.AddRange(result.WindowEstimates.Select(e => EmissionLineProtocol.Line(e, EmissionLineProtocol.WindowKind)));
                lines.AddRange(result.Block.Select(e => EmissionLineProtocol.Line(e, EmissionLineProtocol.BlockKind)));
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"emission-inversion site={site.SiteId} block={blockStart:O} readings={rows.Count} windows={result.Windows.Count} valid={result.ValidWindows} block_estimate={(result.Block.Count > 0 ? "yes" : "no")}"));
            }
        }
        if (lines.Count > 0) await influx.WriteAsync(target.Organization, target.Bucket, lines, cancel).ConfigureAwait(false);
        log.WriteLine(MetricLine(metricsNamespace, results.Sum(r => r.Windows.Count), results.Sum(r => r.ValidWindows), results.Count(r => r.Block.Count > 0), lines.Count));
        log.Flush();
        return Response(now, results, lines.Count);
    }

    /// <summary>The scheduled event's <c>time</c> (EventBridge: RFC 3339, e.g. "2026-01-01T12:03:00Z"); null when absent.</summary>
    public static DateTimeOffset? EventTime(byte[] evt)
    {
        if (evt.Length == 0) return null;
        using JsonDocument doc = JsonDocument.Parse(evt);
        if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("time", out JsonElement time)) return null;
        return DateTimeOffset.Parse(time.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    private static byte[] Response(DateTimeOffset now, IReadOnlyList<BlockInversionResult> results, int lines)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("now", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.WriteStartArray("blocks");
            foreach (BlockInversionResult r in results)
            {
                w.WriteStartObject();
                w.WriteString("site", r.Site);
                w.WriteString("block_start", r.BlockStart.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                w.WriteNumber("windows", r.Windows.Count);
                w.WriteNumber("valid_windows", r.ValidWindows);
                w.WriteBoolean("block_estimate", r.Block.Count > 0);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("lines_written", lines);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static string MetricLine(string ns, int windows, int valid, int blocks, int lines) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"_aws\":{{\"Timestamp\":{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},\"CloudWatchMetrics\":[{{\"Namespace\":\"{ns}\",\"Dimensions\":[[]],\"Metrics\":[{{\"Name\":\"EmissionWindows\",\"Unit\":\"Count\"}},{{\"Name\":\"ValidEmissionWindows\",\"Unit\":\"Count\"}},{{\"Name\":\"EmissionBlocks\",\"Unit\":\"Count\"}},{{\"Name\":\"EmissionPointsWritten\",\"Unit\":\"Count\"}}]}}]}},\"EmissionWindows\":{windows},\"ValidEmissionWindows\":{valid},\"EmissionBlocks\":{blocks},\"EmissionPointsWritten\":{lines}}}");
}

/// <summary>Where the inversion reads (the InfluxQL database: the bucket's DBRP mapping, or the v3 database) and writes (organization and bucket).</summary>
public sealed record InfluxTarget(string Database, string Organization, string Bucket);
