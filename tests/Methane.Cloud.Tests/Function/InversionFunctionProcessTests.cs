using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Methane.Cloud.Function.Emissions;
using Methane.Emissions.Dispersion;
using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;
using Methane.Emissions.Jobs;
using Methane.Testing;
using Xunit.Abstractions;

namespace Methane.Cloud.Tests.Function;

/// <summary>
/// The scheduled emission inversion as a process: the bootstrap with handler <c>emission-inversion</c> against the fake
/// Runtime API, the fake Secrets Manager (signed GetSecretValue for the token) and a fake InfluxDB over real HTTP. The
/// readings are a known release (compressor-1 of site-north, 2 kg/h) carried to the sensors by the plume model under a
/// meandering wind; the written line protocol is checked against that truth and against the shared job run in-process.
/// Blocks are one hour here (BLOCK_HOURS=1) to keep the data small; the job is the same for 12 hours.
/// </summary>
public partial class InversionFunctionProcessTests(ITestOutputHelper output)
{
    private const string SecretArn = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:methane-influxdb-AbCdEf";
    private static readonly DateTimeOffset SixAm = new(2026, 6, 1, 6, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<SiteGeometry> Sites = SiteGeometryLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "sites.json"));
    private const double TrueRateKgPerHour = 2.0;

    private sealed class Harness : IDisposable
    {
        public Harness(IDictionary<string, string?>? env = null)
        {
            Runtime = new FakeLambdaRuntime();
            Aws = new FakeAwsEndpoint();
            Influx = new FakeInfluxDb();
            Aws.Secrets[SecretArn] = FakeInfluxDb.Token;
            var overrides = new Dictionary<string, string?>
            {
                ["_HANDLER"] = "emission-inversion",
                ["STORE"] = "influxdb",
                ["SITE_GEOMETRY_JSON"] = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "sites.json")))!.ToJsonString(),
                ["INFLUX_URL"] = Influx.BaseUrl,
                ["INFLUX_DATABASE"] = FakeInfluxDb.Database,
                ["INFLUX_ORGANIZATION"] = "methane",
                ["INFLUX_SECRET_ARN"] = SecretArn,
                ["SECRETS_MANAGER_ENDPOINT"] = Aws.BaseUrl,
                ["WINDOW_MINUTES"] = "15",
                ["BLOCK_HOURS"] = "1",
            };
            foreach (var (k, v) in env ?? new Dictionary<string, string?>()) overrides[k] = v;
            Process = new FunctionProcess(Runtime, Aws, "influxdb", "{}", overrides);
        }

        public FakeLambdaRuntime Runtime { get; }
        public FakeAwsEndpoint Aws { get; }
        public FakeInfluxDb Influx { get; }
        public FunctionProcess Process { get; }

        /// <summary>Invokes the function with EventBridge's scheduled event for <paramref name="time"/>.</summary>
        public async Task<InvocationResult> Scheduled(DateTimeOffset time)
        {
            string evt = $"{{\"version\":\"0\",\"id\":\"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\"," +
                $"\"account\":\"123456789012\",\"time\":\"{time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"region\":\"eu-central-1\"," +
                "\"resources\":[\"arn:aws:events:eu-central-1:123456789012:rule/methane-emission-inversion-every-15-min\"],\"detail\":{}}";
            Task<InvocationResult> result = Runtime.Invoke(Encoding.UTF8.GetBytes(evt));
            if (await Task.WhenAny(result, Task.Delay(TimeSpan.FromSeconds(120))) != result)
                throw new TimeoutException("no answer from the function; stderr: " + string.Join(" | ", Process.Stderr));
            return await result;
        }

        public void Dispose()
        {
            Process.Dispose();
            Runtime.Dispose();
            Aws.Dispose();
            Influx.Dispose();
        }
    }

    /// <summary>
    /// Site-north from 06:00 to 13:30, one reading a minute from each sensor and the met station: wind 3 m/s from about
    /// 200° meandering ±15°, σθ 8°; compressor-1 releasing 2 kg/h; the gas sensors' enhancement with 0.02 ppm noise.
    /// Site-south has no readings at all.
    /// </summary>
    private static List<StoredReadingRow> Release() => Release(SixAm, 450 * 60, 60);

    /// <summary>As above from <paramref name="start"/> for <paramref name="seconds"/>, a reading every <paramref name="step"/> seconds.</summary>
    private static List<StoredReadingRow> Release(DateTimeOffset start, int seconds, int step)
    {
        SiteGeometry site = Sites[0];
        CandidateSource source = site.Sources[site.SourceIndex("compressor-1")];
        var rng = new Random(7);
        var rows = new List<StoredReadingRow>();
        for (int t = 0; t < seconds; t += step)
        {
            long ms = start.AddSeconds(t).ToUnixTimeMilliseconds();
            double m = t / 60.0;
            double speed = 3.0, dir = 200 + 15 * Math.Sin(m / 2.0), sigma = 8;
            rows.Add(new StoredReadingRow(site.MetStation.Thing, ms, null, null, 0, speed, dir, sigma));
            foreach (SensorPlacement sensor in site.Sensors)
            {
                double noise = 0.02 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                double enh = TrueRateKgPerHour * PlumeForwardModel.PpmPerKgPerHour(source, sensor, speed, dir, StabilityClass.C, sigma) + noise;
                rows.Add(new StoredReadingRow(sensor.Thing, ms, 150 + enh, Math.Round(enh, 3), 0, null, null, null));
            }
        }
        return rows;
    }

    private static IEnumerable<string> Lines(IEnumerable<string> writes) => writes.SelectMany(w => w.Split('\n', StringSplitOptions.RemoveEmptyEntries));

    private static double Field(string line, string name) =>
        double.Parse(Regex.Match(line, $"[ ,]{name}=([^,i ]+)").Groups[1].Value, CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_first_run_after_a_block_ends_writes_its_windows_and_block_estimate_and_finds_the_release()
    {
        using var h = new Harness();
        h.Influx.Rows["site-north"] = Release();

        var watch = System.Diagnostics.Stopwatch.StartNew();
        InvocationResult result = await h.Scheduled(new DateTimeOffset(2026, 6, 1, 13, 3, 0, TimeSpan.Zero));
        long elapsed = watch.ElapsedMilliseconds;

        Assert.False(result.IsError, result.Text + " | " + string.Join(" | ", h.Process.Stderr));
        Assert.Empty(h.Aws.SignatureFailures);
        Assert.Empty(h.Influx.Refused);
        Assert.Equal(new[] { "GetSecretValue" }, h.Aws.Calls);
        // Per site: the block that ended at 13:00 (context 06:00–19:00) and the current one (no window finished yet).
        Assert.Equal(new[]
        {
            "SELECT \"ch4_ppm\", \"ch4_enh_ppm\", \"flags\", \"wind_speed_ms\", \"wind_dir_deg\", \"wind_sigma_deg\", \"role\", \"ch4_amb_ppm\", \"wind_flags\" FROM \"methane\" WHERE \"site\" = 'site-north' AND time >= '2026-06-01T06:00:00.000Z' AND time < '2026-06-01T19:00:00.000Z' GROUP BY \"thing\"",
            "SELECT \"ch4_ppm\", \"ch4_enh_ppm\", \"flags\", \"wind_speed_ms\", \"wind_dir_deg\", \"wind_sigma_deg\", \"role\", \"ch4_amb_ppm\", \"wind_flags\" FROM \"methane\" WHERE \"site\" = 'site-north' AND time >= '2026-06-01T07:00:00.000Z' AND time < '2026-06-01T20:00:00.000Z' GROUP BY \"thing\"",
        }, h.Influx.Queries.Take(2));
        Assert.Equal(4, h.Influx.Queries.Count);

        var lines = Lines(h.Influx.Writes).ToList();
        // site-north: 4 windows × 5 sources + 5 block points; site-south: 4 × 3 + 3, each with the reason (no readings at all).
        Assert.Equal(25 + 15, lines.Count);
        var south = lines.Where(l => l.Contains(",site=site-south,", StringComparison.Ordinal)).ToList();
        Assert.Equal(15, south.Count);
        Assert.Contains(south, l => Regex.IsMatch(l, "^methane_emission,kind=window,site=site-south,source=meter-run detected=f,reason=\"no met data[^\"]*\",window_end_ms=1780316100000i 1780315200000$"));
        Assert.Contains(south, l => Regex.IsMatch(l, "^methane_emission,kind=block,site=site-south,source=odorizer detected=f,reason=\"[^\"]+\",window_end_ms=1780318800000i 1780315200000$"));

        // The block estimate of site-north points at compressor-1 with about the released rate.
        var block = lines.Where(l => l.StartsWith("methane_emission,kind=block,site=site-north,", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, block.Count);
        Assert.All(block, l => Assert.EndsWith(",window_end_ms=1780318800000i 1780315200000", l));
        string compressor = Assert.Single(block, l => l.Contains(",source=compressor-1 ", StringComparison.Ordinal));
        Assert.True(compressor.Contains(" detected=t,", StringComparison.Ordinal), string.Join("\n", block));
        double rate = Field(compressor, "rate_kg_h"), lower = Field(compressor, "lower_kg_h"), upper = Field(compressor, "upper_kg_h");
        // Within a factor of two: this checks the plumbing (the right source, the right order of magnitude); the inversion's
        // accuracy is scored by the blind evaluation harness (src/Methane.Emissions.Evaluation), not here.
        Assert.InRange(rate, 0.5 * TrueRateKgPerHour, 2 * TrueRateKgPerHour);
        Assert.True(lower <= rate && rate <= upper, string.Join("\n", block));
        Assert.All(block.Where(l => l != compressor), l => Assert.True(Field(l, "rate_kg_h") < rate / 4, l));

        TestFigures.Report(string.Create(CultureInfo.InvariantCulture, $"emission inversion function ({(Environment.GetEnvironmentVariable("METHANE_FUNCTION_BOOTSTRAP") == null ? "build output" : "METHANE_FUNCTION_BOOTSTRAP")}): first run after a 1-h block, 2 sites, 4 queries of up to 13 h of 1-minute readings, " +
            $"40 points written: answered after {elapsed} ms (cold process, incl. GetSecretValue); compressor-1 block estimate {rate:0.00} kg/h (90 % {lower:0.00}–{upper:0.00}) for a {TrueRateKgPerHour} kg/h release"), output.WriteLine);

        // The process wrote exactly what the shared job computes in-process from the same readings.
        var job = new BlockInversionJob(new InversionOptions { BlockHours = 1 });
        var expected = new List<string>();
        foreach (SiteGeometry site in Sites)
        {
            DateTimeOffset blockStart = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
            var (start, minutes) = job.LoadRange(blockStart);
            var obs = new ObservationSeries(site, start, minutes);
            StoredReadings.AddAll(obs, h.Influx.Rows.GetValueOrDefault(site.SiteId, []));
            BlockInversionResult r = job.Run(site, obs, blockStart, new DateTimeOffset(2026, 6, 1, 13, 3, 0, TimeSpan.Zero));
            expected.AddRange(r.WindowEstimates.Select(e => EmissionLineProtocol.Line(e, "window")).Concat(r.Block.Select(e => EmissionLineProtocol.Line(e, "block"))));
        }
        Assert.Equal(expected.Order(StringComparer.Ordinal), lines.Order(StringComparer.Ordinal));

        using JsonDocument response = JsonDocument.Parse(result.Body);
        Assert.Equal(40, response.RootElement.GetProperty("lines_written").GetInt32());
        Assert.Contains(h.Process.Stdout, l => l.Contains("\"CloudWatchMetrics\"") && l.Contains("\"EmissionBlocks\":2") && l.Contains("\"EmissionPointsWritten\":40"));
    }

    [Fact]
    public async Task Closing_a_twelve_hour_block_of_five_second_readings_figure()
    {
        // The deployed configuration: 12-hour blocks; readings every 5 s (the design's sampling) from 18:00 the day before
        // to 12:10, so the run at 12:03 reads 18 h of the closed block's data and context (06:00 the day before is empty).
        using var h = new Harness(new Dictionary<string, string?> { ["BLOCK_HOURS"] = "12" });
        h.Influx.Rows["site-north"] = Release(new DateTimeOffset(2026, 5, 31, 18, 0, 0, TimeSpan.Zero), (18 * 60 + 10) * 60, 5);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        InvocationResult result = await h.Scheduled(new DateTimeOffset(2026, 6, 1, 12, 3, 0, TimeSpan.Zero));
        long elapsed = watch.ElapsedMilliseconds;
        Assert.False(result.IsError, result.Text);

        var lines = Lines(h.Influx.Writes).ToList();
        // The closed block 00:00–12:00: 48 windows and the block per source (north 5, south 3); the new block has none yet.
        Assert.Equal(48 * 5 + 5 + 48 * 3 + 3, lines.Count);
        string block = Assert.Single(lines, l => l.StartsWith("methane_emission,kind=block,site=site-north,source=compressor-1 ", StringComparison.Ordinal));
        Assert.EndsWith(",window_end_ms=1780315200000i 1780272000000", block);
        Assert.Contains(" detected=t,", block);
        using JsonDocument response = JsonDocument.Parse(result.Body);
        var north = response.RootElement.GetProperty("blocks").EnumerateArray().First();
        TestFigures.Report(string.Create(CultureInfo.InvariantCulture,
            $"emission inversion function: closing a 12-h block, site-north 5 things × 5-s readings ({h.Influx.Rows["site-north"].Count} rows, {h.Influx.AnswerBytes.Max() / 1e6:0.0} MB query answer) " +
            $"+ site-south without data: {elapsed} ms for the run ({north.GetProperty("valid_windows").GetInt32()}/48 valid windows at site-north, {lines.Count} points written); " +
            $"compressor-1 12-h estimate {Field(block, "rate_kg_h"):0.00} kg/h (90 % {Field(block, "lower_kg_h"):0.00}–{Field(block, "upper_kg_h"):0.00}) for {TrueRateKgPerHour} kg/h"), output.WriteLine);
    }

    [Fact]
    public async Task A_run_inside_a_block_writes_its_finished_windows_and_no_block_estimate_and_reads_the_token_once()
    {
        using var h = new Harness();
        h.Influx.Rows["site-north"] = Release();

        Assert.False((await h.Scheduled(new DateTimeOffset(2026, 6, 1, 12, 33, 0, TimeSpan.Zero))).IsError);
        var lines = Lines(h.Influx.Writes).ToList();
        // Windows 12:00 and 12:15 of each site's sources (the 12:30 window ends at 12:45).
        Assert.Equal(2 * 5 + 2 * 3, lines.Count);
        Assert.All(lines, l => Assert.StartsWith("methane_emission,kind=window,", l));
        Assert.Equal(new[] { "1780315200000", "1780316100000" }, lines.Select(l => l[(l.LastIndexOf(' ') + 1)..]).Distinct().Order());

        // A retry of the same event (EventBridge retries a failed invocation) writes the same points again.
        Assert.False((await h.Scheduled(new DateTimeOffset(2026, 6, 1, 12, 33, 0, TimeSpan.Zero))).IsError);
        Assert.Equal(lines, Lines(h.Influx.Writes.Skip(1)));
        Assert.Equal(new[] { "GetSecretValue" }, h.Aws.Calls);
    }

    [Fact]
    public async Task A_failed_query_fails_the_invocation_with_influxdbs_message_and_writes_nothing()
    {
        using var h = new Harness();
        h.Influx.QueryError = "database not found: methane";
        InvocationResult result = await h.Scheduled(new DateTimeOffset(2026, 6, 1, 12, 33, 0, TimeSpan.Zero));
        Assert.True(result.IsError);
        using JsonDocument body = JsonDocument.Parse(result.Body);
        Assert.Equal("InfluxDB query failed: database not found: methane", body.RootElement.GetProperty("errorMessage").GetString());
        Assert.Empty(h.Influx.Writes);
    }

    [Fact]
    public async Task A_wrong_token_is_refused_by_influxdb_and_fails_the_invocation()
    {
        using var h = new Harness();
        h.Aws.Secrets[SecretArn] = "not-the-token";
        InvocationResult result = await h.Scheduled(new DateTimeOffset(2026, 6, 1, 12, 33, 0, TimeSpan.Zero));
        Assert.True(result.IsError);
        Assert.Contains("HTTP 401", result.Text);
        Assert.NotEmpty(h.Influx.Refused);
    }

    [Fact]
    public async Task LiveAnalytics_is_refused_at_init()
    {
        using var h = new Harness(new Dictionary<string, string?> { ["STORE"] = "liveanalytics" });
        Task<InvocationResult> init = h.Runtime.InitError.Task;
        Assert.Same(init, await Task.WhenAny(init, Task.Delay(TimeSpan.FromSeconds(60))));
        using JsonDocument body = JsonDocument.Parse((await init).Body);
        Assert.Equal("environment STORE = 'liveanalytics': the emission inversion reads and writes InfluxDB only (expected influxdb)", body.RootElement.GetProperty("errorMessage").GetString());
    }
}
