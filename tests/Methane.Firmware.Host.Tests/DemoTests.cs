using System.Text.RegularExpressions;
using Methane.Demo;
using Methane.Firmware.Host.Demo;
using Methane.Testing;
using Xunit;

namespace Methane.Firmware.Host.Tests;

/// <summary>The main job, headless, in simulated time, against the embedded mTLS broker, checked through its summary.</summary>
public sealed class DemoTests
{
    [Fact]
    public async Task Demo_delivers_every_reading_alarms_follow_the_leak_and_the_release_is_estimated()
    {
        using var pki = TestPki.Create("demo");
        var output = new StringWriter();
        string pipelineDir = Path.Combine(pki.Directory, "pipeline");
        // A fixed time of day (yesterday 12:05 UTC): the inversion's stability class depends on day or night.
        var now = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1).AddHours(12).AddMinutes(5), TimeSpan.Zero);
        var options = new DemoOptions { Headless = true, Speed = 0, PkiDirectory = pki.Directory, Devices = 6, PipelineDirectory = pipelineDir, Now = now };
        // As src/Methane.Demo composes it: the firmware host's demo with the local cloud pipeline beside the broker.
        var runner = new DemoRunner(options, new DemoView(true, output), LocalPipeline.StartAsync);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        DemoSummary s = await runner.RunAsync(timeout.Token);
        runner.ShowSummary(s);
        string log = output.ToString();

        Assert.True(s.Observed);
        Assert.True(s.Drained, log);
        // leak-two-sites: 1200 s at one sample per 5 s = 241 readings per device (t = 0 … 1200 s), except the board that
        // loses power for 30 s (6 samples fewer) — counted from what each device generated, compared with what arrived.
        // The met stations the demo adds for the two modelled sites report once a minute: t = 0 … 1200 s is 21 reports.
        Assert.Equal(s.Published, s.Received);
        Assert.Equal(0, s.Lost);
        Assert.Equal(0, s.InvalidMessages);
        // Samples counted to the scenario's end: while the run drains, the boards keep running (and sampling) until every
        // outbox is empty, which takes a varying number of virtual seconds; those readings are checked above with the rest.
        Assert.Equal(241, s.Devices.Single(d => d.Thing == "north-01").TakenInScenario);
        Assert.Equal(21, s.Devices.Single(d => d.Thing == "north-met").TakenInScenario);
        Assert.Equal(21, s.Devices.Single(d => d.Thing == "south-met").TakenInScenario);
        Assert.All(s.Devices, d => Assert.True(d.Taken >= d.TakenInScenario, d.Thing));
        Assert.Equal(8, s.Devices.Count);
        Assert.Equal(0, s.BrokerDenied);

        // The near-field leak is at site-south (gas devices 3–5); site-north's release gives a few ppm, far below any alarm.
        foreach (var d in s.Devices)
        {
            bool leak = d.Site == "site-south" && !d.Thing.EndsWith("-met", StringComparison.Ordinal);
            Assert.Equal(leak ? 1 : 0, d.AlarmsCleared);
            Assert.True(leak ? d.AlarmsRaised >= 1 : d.AlarmsRaised == 0, $"{d.Thing}: {d.AlarmsRaised} raised");
            Assert.Equal(d.AlarmsCleared, d.AlarmMessagesCleared);
            Assert.True(d.AlarmMessagesRaised >= (leak ? 1 : 0));
        }

        // South-01 and south-03 never reboot (south-02 loses power at 900 s), so their uptime is scenario time: the leak
        // starts at 400 s and its hold ends at 400 + 60 + 180 = 640 s; the first alarm comes during the rise/hold, the
        // clear during the decay (after 640 s).
        foreach (var thing in new[] { "south-01", "south-03" })
        {
            double raised = Time(log, thing, "ALARM low raised");
            double cleared = Time(log, thing, "alarm cleared");
            Assert.InRange(raised, 400, 640);
            Assert.InRange(cleared, 640, 1200);
        }
        // The local cloud pipeline ran beside the broker: every reading the devices took is in DuckDB exactly once, nothing was
        // dead-lettered, and the raw archive holds gzip NDJSON files under the Firehose layout.
        Assert.NotNull(s.Pipeline);
        Assert.Equal(s.Published, s.Pipeline!.ReadingsStored);
        Assert.Equal(0, s.Pipeline.DeadLetters);
        // Every alarm event the devices raised or cleared is in the store's alarm history (alarm-event-v1).
        Assert.Equal(s.AlarmsRaised, s.Pipeline.AlarmEvents("raised"));
        Assert.Equal(s.AlarmsCleared, s.Pipeline.AlarmEvents("cleared"));
        Assert.Contains($"pipeline: alarms raised {s.AlarmsRaised} -> {s.AlarmsRaised} raised events stored", log);
        // Lean telemetry: readings travelled in batches (publish interval 60 s), far fewer messages than readings.
        Assert.True(s.Traffic["batch"].Readings >= s.Published);   // QoS 1 may deliver a batch twice
        Assert.False(s.Traffic.ContainsKey("telemetry"));
        // A compact gas reading carries its ambient group but not the met station's wind group (~290 B), so a 60 s batch of 12
        // stays inside one 5 KB unit; a met station's batch holds one reading a minute.
        Assert.InRange(s.Traffic["batch"].Messages, 1, s.Published / 8);
        Assert.True(File.Exists(Path.Combine(pipelineDir, "methane.duckdb")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(pipelineDir, "archive"), "*.gz", SearchOption.AllDirectories));
        Assert.Contains("-> OK: every reading arrived and was stored once", log);
        // The summary shows each site's geometry from the sites file and the emission job's 15-minute window inside the run
        // (12:00–12:15: the scenario starts 180 s before the quarter hour, at 11:57), next to the true release of the scenario file:
        // compressor-1 at 2 kg/h. The estimate must name compressor-1 as its largest source, within a factor 2 of the rate.
        Assert.Contains("pipeline: site site-north: met station north-met at (-45, -45) m, 3 m; sensors north-01 (0, 60) inlet 2.5 m", log);
        var north = Regex.Match(log, @"(?m)^pipeline: emissions site-north 12:00–12:15 UTC: (\S+) ([0-9.]+) kg/h \(90 % interval ([0-9.]+)–([0-9.]+)\)[^|]* \| true: compressor-1 2\.00 kg/h");
        Assert.True(north.Success, log);
        Assert.Equal("compressor-1", north.Groups[1].Value);
        double rate = double.Parse(north.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        TestFigures.Report($"demo: site-north 12:00–12:15 window, true release compressor-1 2.00 kg/h, estimated {north.Groups[1].Value} {north.Groups[2].Value} kg/h (90 % interval {north.Groups[3].Value}–{north.Groups[4].Value}); 1,200 s simulated in {s.WallSeconds:0.0} s");
        Assert.InRange(rate, 1.0, 4.0);
        Assert.True(double.Parse(north.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) <= rate);
        Assert.True(double.Parse(north.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture) >= rate);
        // The live view showed the window while the run went on (unpaced, on what the pipeline had stored by then).
        Assert.Matches(@"(?m)^== live: emissions site-north 12:00–12:15 UTC: .* \| true: compressor-1 2\.00 kg/h", log);
        // Site-south's sensors spend the window in the alarm-level leak (above the ambient model's range): no number, the reason.
        Assert.Matches(@"(?m)^pipeline: emissions site-south 12:00–12:15 UTC: no valid estimate: too few sensors with data: .*flagged faulty: south-01.* \| true: no modelled release", log);
    }

    [Fact]
    public async Task Demo_with_an_ota_job_updates_every_device_without_losing_a_reading()
    {
        using var pki = TestPki.Create("demo-ota");
        var output = new StringWriter();
        var options = new DemoOptions
        {
            // Paced: the embedded broker throttles above 100 publishes/s per connection in real time, which an unpaced
            // simulation can exceed.
            Headless = true, Speed = 300, PkiDirectory = pki.Directory, Devices = 2, Scenario = "clean-air", Pipeline = false,
            OtaVersion = "1.1.0", OtaAtSeconds = 60,
        };
        var runner = new DemoRunner(options, new DemoView(true, output));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        DemoSummary s = await runner.RunAsync(timeout.Token);
        runner.ShowSummary(s);
        string log = output.ToString();

        Assert.True(s.Drained, log);
        Assert.Equal(0, s.Lost);
        Assert.Equal(s.Published, s.Received);
        foreach (var d in s.Devices)
        {
            Assert.Equal("1.1.0", d.Firmware);
            Assert.Equal(2, d.Boots);    // power-up, then the reboot into the staged image
            Assert.Matches($@"(?m)^{d.Thing}\s+\[  jobs   \] ota-1-1-0-\d: SUCCEEDED {{""reason"":""new version confirmed""}}", log);
        }
        // clean-air: 1800 s at one sample per 10 s = 181 readings per device (t = 0 … 1800 s) without the update. The new boot
        // samples at once and then every 10 s from there, so the reboot moves the schedule: 181 or 182 (one more when the
        // reboot falls between two samples and the last one still fits before 1800 s).
        Assert.All(s.Devices, d => Assert.InRange(d.TakenInScenario, 181, 182));
    }

    private static double Time(string log, string thing, string text)
    {
        var m = Regex.Match(log, $@"^{thing}\s+\[\s*([0-9.]+)\] \S+\s+{Regex.Escape(text)}", RegexOptions.Multiline);
        Assert.True(m.Success, $"no '{text}' line for {thing}");
        return double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
