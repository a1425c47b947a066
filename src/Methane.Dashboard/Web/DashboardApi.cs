using System.Globalization;
using System.Security.Claims;
using Methane.Dashboard.Auth;
using Methane.Dashboard.Data;
using Methane.Dashboard.Pages;
using Methane.Dashboard.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Methane.Dashboard.Web;

/// <summary>
/// The JSON and CSV API under /api, used by the pages' scripts. Every site-scoped endpoint goes through
/// <see cref="SiteScope"/>: a site the user may not see answers exactly like a site that does not exist (404).
/// </summary>
public static class DashboardApi
{
    public static void MapDashboardApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api").RequireAuthorization();

        api.MapGet("/sites", (ClaimsPrincipal user, DashboardQueries q, SiteAccess access, EmissionEstimates estimates) =>
            Results.Ok(q.Sites().Where(s => access.CanSee(user, s.Id)).Select(s => new
            {
                s.Id, s.Name, s.Operator,
                // A met station's row: its newest wind (windText as the page prints it) instead of methane.
                sensors = s.Sensors.Select(x => new
                {
                    x.Thing, x.State, x.Role, x.Ch4Ppm, x.LelPct, x.Ch4AmbPpm, x.EventMs, x.ReceivedMs, flags = x.FlagWords,
                    wind = WindJson(x.Wind), windText = x.Wind is null ? null : WindWords.Short(x.Wind),
                }),
                // The overview's estimate lines as the page prints them; null for a store without estimates.
                estimates = EstimateLines.Overview(estimates, s.Id)?.Select(l => new { kind = l.Kind, text = l.Text }),
            })));

        api.MapGet("/sites/{site}/readings", (string site, string? range, string? from, string? to, string? thing, string? measure,
            ClaimsPrincipal user, DashboardQueries q, SiteAccess access, DashboardOptions options) =>
        {
            if (SiteScope(site, user, q, access) is IResult denied) return denied;
            if (thing is not null && !Identifiers.IsValid(thing)) return BadRequest($"thing '{Cut(thing)}': expected letters, digits, '-' or '_'");
            if (!TimeRange.TryParse(range, from, to, q.RangeEnd(), out TimeRange r, out string error)) return BadRequest(error);
            ChartMeasure? m = measure is null ? null : ChartMeasure.Find(measure);
            if (measure is not null && m is null) return BadRequest($"measure '{Cut(measure)}': expected one of {ChartMeasure.Expected}");
            bool ambientAvailable = q.HasAmbient(site, r);
            // Without a choice: ambient when any sensor has ambient values in the range (v2 gas sensors), else the ppm of v1 ones.
            m ??= ambientAvailable ? ChartMeasure.Ambient : ChartMeasure.Ppm;
            var (series, bucket) = q.Chart(site, r, thing, m, options.MaxChartPoints);
            return Results.Ok(new
            {
                site, from = r.FromMs, to = r.ToMs, bucketMs = bucket, measure = m.Name, measureLabel = m.Label, unit = m.Unit, ambientAvailable,
                series = series.ToDictionary(kv => kv.Key, kv => kv.Value.Select(p => new object?[] { p.T, p.Ch4 })),
            });
        });

        api.MapGet("/sites/{site}/readings.csv", (string site, string? range, string? from, string? to, string? measure,
            ClaimsPrincipal user, DashboardQueries q, SiteAccess access, DashboardOptions options) =>
        {
            if (SiteScope(site, user, q, access) is IResult denied) return denied;
            if (!TimeRange.TryParse(range, from, to, q.RangeEnd(), out TimeRange r, out string error)) return BadRequest(error);
            measure ??= ChartMeasure.AllColumns;
            if (measure != ChartMeasure.AllColumns && ChartMeasure.Find(measure) is null)
                return BadRequest($"measure '{Cut(measure)}': expected one of {ChartMeasure.Expected}, {ChartMeasure.AllColumns}");
            long count = q.CountReadings(site, r);
            if (count > options.MaxCsvRows)
                return BadRequest($"range {r.FromMs}..{r.ToMs}: {count} readings; expected at most {options.MaxCsvRows} per download (choose a shorter range)");
            string name = $"{site}-{r.FromMs}-{r.ToMs}.csv";
            return Results.File(ReadingsCsv.Write(q.Rows(site, r, gasOnly: true), measure), "text/csv; charset=utf-8", name);
        });

        api.MapGet("/sites/{site}/wind", (string site, string? range, string? from, string? to,
            ClaimsPrincipal user, DashboardQueries q, SiteAccess access, SiteWind wind, DashboardOptions options) =>
        {
            if (SiteScope(site, user, q, access) is IResult denied) return denied;
            if (!TimeRange.TryParse(range, from, to, q.RangeEnd(), out TimeRange r, out string error)) return BadRequest(error);
            var (stations, bucket) = wind.Of(site, r, options.MaxChartPoints);
            return Results.Ok(new
            {
                site, from = r.FromMs, to = r.ToMs, bucketMs = bucket,
                stations = stations.Select(s => new
                {
                    s.Thing,
                    // [t, m/s] and [t, degrees FROM]; a calm report has a speed but no direction.
                    speed = s.Points.Select(p => new object?[] { p.T, p.SpeedMs }),
                    direction = s.Points.Where(p => p.DirDeg is not null).Select(p => new object?[] { p.T, p.DirDeg }),
                    latest = WindJson(s.Latest),
                }),
            });
        });

        api.MapGet("/sites/{site}/alarms", (string site, ClaimsPrincipal user, DashboardQueries q, SiteAccess access, UserStore users) =>
        {
            if (SiteScope(site, user, q, access) is IResult denied) return denied;
            var acks = users.Acknowledgements(site).ToDictionary(a => (a.Thing, a.Seq, a.EventMs, a.Source));
            return Results.Ok(new
            {
                canAcknowledge = user.CanAcknowledge(),
                active = q.Sensors(site).Where(s => s.SiteAlarm > 0).Select(s => new { s.Thing, level = s.SiteAlarm, levelName = SensorState.AlarmWord(s.SiteAlarm), s.Ch4Ppm, s.LelPct, s.EventMs }),
                history = q.Alarms(site, 0).Select(a =>
                {
                    acks.TryGetValue((a.Thing, a.Seq, a.EventMs, a.Source), out AlarmAck? ack);
                    return new { a.Thing, a.Seq, a.EventMs, a.Level, levelName = SensorState.AlarmWord(a.Level), a.Ch4Ppm, a.LelPct, a.Source,
                        acknowledgedBy = ack?.User, acknowledgedAt = ack?.AtMs };
                }),
            });
        });

        api.MapPost("/sites/{site}/alarms/ack", (string site, [FromForm] AckForm form, ClaimsPrincipal user, DashboardQueries q,
            SiteAccess access, UserStore users, TimeProvider clock) =>
        {
            if (SiteScope(site, user, q, access) is IResult denied) return denied;
            if (!user.CanAcknowledge()) return Error(StatusCodes.Status403Forbidden, $"role {user.Role()}: acknowledging alarms needs operator or admin");
            if (form.Thing is null || !Identifiers.IsValid(form.Thing)) return BadRequest($"thing '{Cut(form.Thing)}': expected letters, digits, '-' or '_'");
            if (form.Source is not ("device" or "site")) return BadRequest($"source '{Cut(form.Source)}': expected device or site");
            bool exists = q.Alarms(site, form.EventMs, limit: 1000, thing: form.Thing)
                .Any(a => a.Seq == form.Seq && a.EventMs == form.EventMs && a.Source == form.Source);
            if (!exists) return Error(StatusCodes.Status404NotFound, $"alarm {form.Thing} seq {form.Seq} at {form.EventMs} ({form.Source}): no such alarm on site '{site}'");
            bool added = users.Acknowledge(new AlarmAck(site, form.Thing, form.Seq, form.EventMs, form.Source, user.Name(), clock.GetUtcNow().ToUnixTimeMilliseconds()));
            return Results.Ok(new { acknowledged = true, already = !added });
        });

        api.MapGet("/sites/{site}/health", (string site, ClaimsPrincipal user, DashboardQueries q, SiteAccess access, DeviceStatus status) =>
        {
            if (SiteScope(site, user, q, access) is IResult denied) return denied;
            return Results.Ok(HealthJson(q.Health(site), status));
        });

        api.MapGet("/sites/{site}/emissions", (string site, ClaimsPrincipal user, DashboardQueries q, EmissionEstimates estimates, SiteAccess access) =>
        {
            if (SiteScope(site, user, q, access) is IResult denied) return denied;
            var windows = estimates.Latest(site, EmissionEstimates.WindowKind, 12);
            var blocks = estimates.Latest(site, EmissionEstimates.BlockKind, 6);
            return Results.Ok(new
            {
                site, available = windows is not null,
                windows = (windows ?? []).Select(EstimateJson),
                blocks = (blocks ?? []).Select(EstimateJson),
            });
        });

        api.MapGet("/sites/{site}/map", (string site, ClaimsPrincipal user, DashboardQueries q, SiteAccess access, SiteMaps maps) =>
        {
            if (SiteScope(site, user, q, access) is IResult denied) return denied;
            SiteMap? map = maps.Map(site);
            if (map is null)
                return Results.Ok(new { site, available = false, reason = maps.Problem ?? $"site '{site}': not in the sites file (no positions)" });
            return Results.Ok(SiteMapJson.Of(map));
        });

        api.MapGet("/devices/{thing}", (string thing, ClaimsPrincipal user, DashboardQueries q, SiteAccess access, DeviceStatus status) =>
        {
            string? site = Identifiers.IsValid(thing) ? q.SiteOf(thing) : null;
            if (site is null || !access.CanSee(user, site)) return Error(StatusCodes.Status404NotFound, $"device '{Cut(thing)}': no such device");
            long end = q.RangeEnd();
            var recent = q.Rows(site, new TimeRange(0, end + 1), thing, newest: 50);
            ReadingRow? latest = recent.FirstOrDefault();
            return Results.Ok(new
            {
                thing, site, role = latest?.Role,
                health = HealthJson(q.Health(site, thing), status).FirstOrDefault(),
                // The newest reading's ambient group (gas v2) or wind (met); null otherwise.
                ambient = AmbientJson(latest?.Ambient),
                wind = WindJson(latest?.Wind),
                recent = recent.Select(r => new
                {
                    r.Thing, r.Seq, r.EventMs, r.ReceivedMs, r.Ch4Ppm, r.LelPct, r.TempC, r.RhPct, r.Quality, r.Flags, r.SiteAlarm, r.Fw, r.Source,
                    r.Ch4AmbPpm, r.Role, ambient = AmbientJson(r.Ambient), wind = WindJson(r.Wind),
                }),
                alarms = q.Alarms(site, 0, limit: 50, thing: thing),
            });
        });
    }

    public sealed class AckForm
    {
        public string? Thing { get; set; }
        public long Seq { get; set; }
        public long EventMs { get; set; }
        public string? Source { get; set; }
    }

    /// <summary>A met station's report: values, flags in words, and the line the wind panel and the device console print.</summary>
    private static object? WindJson(WindLatest? l) => l is null ? null : new
    {
        l.EventMs, l.SpeedMs, l.GustMs, l.DirDeg, l.SigmaDeg, l.WindFlags, l.Flags,
        windFlagWords = WindFlagWords.Of(l.WindFlags), flagWords = SensorState.FlagWords(l.Flags), words = WindWords.Line(l),
    };

    private static object? AmbientJson(AmbientReading? a) => a is null ? null : new
    {
        ambPpm = a.AmbPpm, bgPpm = a.BgPpm, enhPpm = a.EnhPpm, bgFlags = a.BgFlags, enhFlags = a.EnhFlags,
        bgFlagWords = a.BgFlagWords, enhFlagWords = a.EnhFlagWords, words = a.Words,
    };

    private static object EstimateJson(EstimateWindow w) => new
    {
        w.Kind, startMs = w.WindowStartMs, endMs = w.WindowEndMs, w.Summary, span = EstimateLines.Span(w), length = EstimateLines.Length(w.Kind),
        sources = w.Sources.Select(s => new { s.Source, rateKgH = s.RateKgPerHour, lowerKgH = s.LowerKgPerHour, upperKgH = s.UpperKgPerHour, s.Detected, s.Reason }),
    };

    /// <summary>
    /// Per device: last seen, lag, flags in words, replayed readings and seq gaps (from readings), the outbox backlog of its
    /// newest health message and its newest OTA job state (null when the store has none), each also in words.
    /// </summary>
    private static IReadOnlyList<object> HealthJson(IReadOnlyList<DeviceHealth> devices, DeviceStatus status)
    {
        var things = devices.Select(h => h.Thing).ToList();
        var outbox = status.Outbox(things);
        var ota = status.Ota(things);
        return devices.Select(h =>
        {
            outbox.TryGetValue(h.Thing, out OutboxStatus? o);
            ota.TryGetValue(h.Thing, out OtaJobStatus? j);
            return (object)new
            {
                // Compact v2 readings carry no firmware version; the health message does.
                h.Thing, h.LastSeenMs, h.LagMs, fw = h.Fw ?? o?.Fw, h.Flags, flagWords = SensorState.FlagWords(h.Flags), backlogLastHour = h.ReplayedLastHour,
                h.MissingReadings, h.SeqRestarts, h.State,
                outbox = o is null ? null : new { atMs = o.AtMs, depth = o.Depth, dropped = o.Dropped, sessionState = o.SessionState, o.Reconnects, o.LastError, words = o.Words },
                outboxWords = o?.Words ?? "no health message stored",
                ota = j is null ? null : new { j.JobId, j.Status, j.Step, j.Progress, j.Reason, atMs = j.AtMs, words = j.Words },
                otaWords = j?.Words ?? "no OTA job reported",
            };
        }).ToList();
    }

    /// <summary>null when the user may see the site and it exists; else the 404 reply (the same for both).</summary>
    public static IResult? SiteScope(string site, ClaimsPrincipal user, DashboardQueries q, SiteAccess access)
    {
        if (!Identifiers.IsValid(site) || !access.CanSee(user, site) || !q.SiteExists(site))
            return Error(StatusCodes.Status404NotFound, $"site '{Cut(site)}': no such site");
        return null;
    }

    private static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    private static string Cut(string? s) => s is null ? "" : s.Length <= 40 ? s : s[..40] + "…";
}

/// <summary>
/// The CSV download: one line per stored reading of the site's gas sensors, times as ISO 8601 UTC and Unix ms, numbers
/// invariant; the methane column(s) of the chosen measure, or all of them.
/// </summary>
public static class ReadingsCsv
{
    private static readonly Dictionary<string, Func<ReadingRow, double?>> MeasureValues = new()
    {
        [ChartMeasure.Ppm.Name] = r => r.Ch4Ppm, [ChartMeasure.Lel.Name] = r => r.LelPct, [ChartMeasure.Ambient.Name] = r => r.Ch4AmbPpm,
    };

    /// <summary>The measures of a choice, in column order (all: ch4_ppm, lel_pct, ch4_amb_ppm).</summary>
    private static IReadOnlyList<ChartMeasure> Measures(string measure) =>
        measure == ChartMeasure.AllColumns ? [ChartMeasure.Ppm, ChartMeasure.Lel, ChartMeasure.Ambient] : [ChartMeasure.Find(measure)!];

    public static string Header(string measure) =>
        "thing,seq,event_time_utc,event_ms,received_ms," + string.Join(',', Measures(measure).Select(m => m.CsvColumn)) +
        ",temp_c,rh_pct,quality,flags,site_alarm,fw,source";

    public static byte[] Write(IEnumerable<ReadingRow> rows, string measure)
    {
        var values = Measures(measure).Select(m => MeasureValues[m.Name]).ToList();
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        text.WriteLine(Header(measure));
        foreach (ReadingRow r in rows)
        {
            text.WriteLine(string.Join(',', new[]
                {
                    r.Thing, r.Seq.ToString(CultureInfo.InvariantCulture),
                    DateTimeOffset.FromUnixTimeMilliseconds(r.EventMs).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                    r.EventMs.ToString(CultureInfo.InvariantCulture), r.ReceivedMs.ToString(CultureInfo.InvariantCulture),
                }
                .Concat(values.Select(v => Num(v(r))))
                .Concat([Num(r.TempC), Num(r.RhPct), r.Quality, r.Flags.ToString(CultureInfo.InvariantCulture),
                    r.SiteAlarm.ToString(CultureInfo.InvariantCulture), Quote(r.Fw), r.Source])));
        }
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Num(double? v) => v?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    /// <summary>RFC 4180 quoting for the one free-text column (the firmware version string).</summary>
    private static string Quote(string? s) =>
        s is null ? "" : s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
