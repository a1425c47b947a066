using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Methane.Emissions.Jobs;

namespace Methane.Cloud.Tests.Function;

/// <summary>
/// The two InfluxDB HTTP endpoints the inversion uses, over real HTTP, written from InfluxDB's API documentation rather than
/// from the function's code: <c>GET /query?db=&amp;epoch=ms&amp;q=</c> (InfluxQL; the answer is built by hand here in the
/// documented <c>results/series/columns/values</c> JSON) and <c>POST /api/v2/write?org=&amp;bucket=&amp;precision=ms</c>
/// (line protocol, 204). Both need <c>Authorization: Token {Token}</c> (else 401). The query is read with its own pattern
/// (site literal, RFC 3339 bounds, GROUP BY "thing"), and readings are served from <see cref="Rows"/> by site and time.
/// </summary>
internal sealed partial class FakeInfluxDb : IDisposable
{
    public const string Token = "influx-test-token";
    public const string Database = "methane";
    private readonly LoopbackHttp _http;

    public FakeInfluxDb() => _http = new LoopbackHttp(HandleAsync);

    public string BaseUrl => "http://" + _http.Authority;
    /// <summary>The stored readings: site → rows.</summary>
    public ConcurrentDictionary<string, List<StoredReadingRow>> Rows { get; } = new();
    public ConcurrentQueue<string> Queries { get; } = new();
    /// <summary>Size of each query answer (bytes).</summary>
    public ConcurrentQueue<long> AnswerBytes { get; } = new();
    public ConcurrentQueue<string> Writes { get; } = new();
    public ConcurrentQueue<string> Refused { get; } = new();
    /// <summary>When set, every query is answered with this error (HTTP 400, {"error": …}).</summary>
    public string? QueryError { get; set; }

    private async Task HandleAsync(HttpListenerContext context)
    {
        HttpListenerRequest request = context.Request;
        byte[] body = await LoopbackHttp.Body(request).ConfigureAwait(false);
        if (request.Headers["Authorization"] != "Token " + Token)
        {
            Refused.Enqueue($"{request.HttpMethod} {request.Url!.AbsolutePath}: Authorization '{request.Headers["Authorization"]}'");
            await LoopbackHttp.Reply(context, 401, "{\"code\":\"unauthorized\",\"message\":\"unauthorized access\"}"u8.ToArray()).ConfigureAwait(false);
            return;
        }
        string path = request.Url!.AbsolutePath;
        var query = request.QueryString;
        if (request.HttpMethod == "GET" && path == "/query" && query["db"] == Database && query["epoch"] == "ms" && query["q"] is string q)
        {
            Queries.Enqueue(q);
            if (QueryError != null)
            {
                await LoopbackHttp.Reply(context, 400, Encoding.UTF8.GetBytes($"{{\"error\":\"{QueryError}\"}}")).ConfigureAwait(false);
                return;
            }
            Match m = Select().Match(q);
            if (!m.Success)
            {
                await LoopbackHttp.Reply(context, 400, "{\"error\":\"error parsing query: not the query this fake serves\"}"u8.ToArray()).ConfigureAwait(false);
                return;
            }
            string[] fields = m.Groups["fields"].Value.Split(", ").Select(f => f.Trim('"')).ToArray();
            long from = DateTimeOffset.Parse(m.Groups["from"].Value, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
            long to = DateTimeOffset.Parse(m.Groups["to"].Value, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
            List<StoredReadingRow> rows = Rows.TryGetValue(m.Groups["site"].Value, out var r) ? r : [];
            byte[] answer = Encoding.UTF8.GetBytes(Answer(fields, rows.Where(x => x.EventMs >= from && x.EventMs < to)));
            AnswerBytes.Enqueue(answer.Length);
            await LoopbackHttp.Reply(context, 200, answer).ConfigureAwait(false);
            return;
        }
        if (request.HttpMethod == "POST" && path == "/api/v2/write" && query["org"] == "methane" && query["bucket"] == Database && query["precision"] == "ms")
        {
            Writes.Enqueue(Encoding.UTF8.GetString(body));
            await LoopbackHttp.Reply(context, 204, []).ConfigureAwait(false);
            return;
        }
        Refused.Enqueue($"{request.HttpMethod} {request.RawUrl}");
        await LoopbackHttp.Reply(context, 404, "{\"code\":\"not found\"}"u8.ToArray()).ConfigureAwait(false);
    }

    /// <summary>One series per thing, columns "time" and the selected fields, a row only when one of the fields has a value (InfluxQL drops all-null rows).</summary>
    private static string Answer(string[] fields, IEnumerable<StoredReadingRow> rows)
    {
        static string N(double? v) => v is double d ? d.ToString("R", CultureInfo.InvariantCulture) : "null";
        var series = new List<string>();
        foreach (var thing in rows.GroupBy(r => r.Thing).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var values = thing.OrderBy(r => r.EventMs).Select(r =>
            {
                var byName = new Dictionary<string, string>
                {
                    ["ch4_ppm"] = N(r.Ch4Ppm), ["ch4_enh_ppm"] = N(r.Ch4EnhPpm), ["flags"] = r.Flags.ToString(CultureInfo.InvariantCulture),
                    ["wind_speed_ms"] = N(r.WindSpeedMs), ["wind_dir_deg"] = N(r.WindDirDeg), ["wind_sigma_deg"] = N(r.WindSigmaDeg),
                    ["role"] = r.Role == null ? "null" : "\"" + r.Role + "\"", ["ch4_amb_ppm"] = N(r.Ch4AmbPpm), ["wind_flags"] = N(r.WindFlags),
                };
                return "[" + r.EventMs.ToString(CultureInfo.InvariantCulture) + "," + string.Join(",", fields.Select(f => byName[f])) + "]";
            });
            series.Add($"{{\"name\":\"methane\",\"tags\":{{\"thing\":\"{thing.Key}\"}},\"columns\":[\"time\",{string.Join(",", fields.Select(f => $"\"{f}\""))}],\"values\":[{string.Join(",", values)}]}}");
        }
        return series.Count == 0 ? "{\"results\":[{\"statement_id\":0}]}" : $"{{\"results\":[{{\"statement_id\":0,\"series\":[{string.Join(",", series)}]}}]}}";
    }

    [GeneratedRegex(@"^SELECT (?<fields>""[a-z0-9_]+""(, ""[a-z0-9_]+"")*) FROM ""methane"" WHERE ""site"" = '(?<site>[A-Za-z0-9_-]+)' AND time >= '(?<from>[0-9T:.Z-]+)' AND time < '(?<to>[0-9T:.Z-]+)' GROUP BY ""thing""$")]
    private static partial Regex Select();

    public void Dispose() => _http.Dispose();
}
