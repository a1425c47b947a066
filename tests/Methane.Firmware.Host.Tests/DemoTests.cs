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
    public async Task Demo_delivers_every_reading_and_alarms_follow_the_leak()
    {
        using var pki = TestPki.Create("demo");
        var output = new StringWriter();
        string pipelineDir = Path.Combine(pki.Directory, "pipeline");
        var options = new DemoOptions { Headless = true, Speed = 0, PkiDirectory = pki.Directory, Devices = 6, PipelineDirectory = pipelineDir };
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
        Assert.Equal(s.Published, s.Received);
        Assert.Equal(0, s.Lost);
        Assert.Equal(0, s.InvalidMessages);
        Assert.Equal(241, s.Devices.Single(d => d.Thing == "north-01").Taken);
        Assert.Equal(0, s.BrokerDenied);

        foreach (var d in s.Devices)
        {
            bool north = d.Site == "site-north";
            Assert.Equal(north ? 1 : 0, d.AlarmsCleared);
            Assert.True(north ? d.AlarmsRaised >= 1 : d.AlarmsRaised == 0, $"{d.Thing}: {d.AlarmsRaised} raised");
            Assert.Equal(d.AlarmsCleared, d.AlarmMessagesCleared);
            Assert.True(d.AlarmMessagesRaised >= (north ? 1 : 0));
        }

        // North boards never reboot, so their uptime is scenario time: the leak starts at 400 s and its hold ends at
        // 400 + 60 + 180 = 640 s; the first alarm comes during the rise/hold, the clear during the decay (after 640 s).
        foreach (var thing in new[] { "north-01", "north-02", "north-03" })
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
        // stays inside one 5 KB unit.
        Assert.InRange(s.Traffic["batch"].Messages, 1, s.Published / 8);
        Assert.True(File.Exists(Path.Combine(pipelineDir, "methane.duckdb")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(pipelineDir, "archive"), "*.gz", SearchOption.AllDirectories));
        Assert.Contains("-> OK: every reading arrived and was stored once", log);
        // The summary shows each site's geometry from the sites file and the emission job's windows; no device publishes
        // wind yet, so every window says why it has no estimate instead of giving a number.
        Assert.Contains("pipeline: site site-north: met station north-met at (-45, -45) m, 3 m; sensors north-01 (0, 60) inlet 2.5 m", log);
        Assert.Matches(@"pipeline: emissions site-north \d\d:\d\d–\d\d:\d\d UTC: no valid estimate: no met data: 0 of 15 minutes have wind from north-met", log);
        Assert.DoesNotContain("kg/h", log);
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
        Assert.All(s.Devices, d => Assert.InRange(d.Taken, 181, 182));
    }

    private static double Time(string log, string thing, string text)
    {
        var m = Regex.Match(log, $@"^{thing}\s+\[\s*([0-9.]+)\] \S+\s+{Regex.Escape(text)}", RegexOptions.Multiline);
        Assert.True(m.Success, $"no '{text}' line for {thing}");
        return double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
