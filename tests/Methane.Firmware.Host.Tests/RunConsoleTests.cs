using Methane.Firmware.Host.Demo;
using Methane.Testing;
using Xunit;

namespace Methane.Firmware.Host.Tests;

/// <summary>The serial console of 'run --headless', driven through its own input (stdin lines), as a CI script would.</summary>
public sealed class RunConsoleTests
{
    private static async Task<string> Script(string script)
    {
        using var pki = TestPki.Create("run");
        var output = new StringWriter();
        var options = new DemoOptions { Headless = true, Speed = 0, PkiDirectory = pki.Directory, Scenario = "leak-two-sites" };
        int code = await new RunSession(options, 0, new StringReader(script), output).RunAsync();
        Assert.Equal(0, code);
        return output.ToString();
    }

    private static string ReplyTo(string output, string command)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        int i = lines.IndexOf("> " + command);
        Assert.True(i >= 0, $"command '{command}' not echoed");
        // The reply runs to the next echoed command; firmware log lines ("[ uptime ] …") in between are not part of it.
        return string.Join("\n", lines.Skip(i + 1).TakeWhile(l => !l.StartsWith("> ", StringComparison.Ordinal))
            .Where(l => !l.StartsWith("[", StringComparison.Ordinal) && l.Length > 0));
    }

    [Fact]
    public async Task Commands_typed_into_the_console_get_their_replies()
    {
        string output = await Script("""
            frobnicate
            config set alarm.lowLelPct
            config set alarm.lowLelPct lots
            config set alarm.lowLelPct 500
            config set no.such 1
            wait 200
            status
            selftest
            config set device.sampleIntervalSeconds 2
            wait 10
            outbox
            quit
            """);
        Assert.Equal("unknown command 'frobnicate'; type 'help' for the commands", ReplyTo(output, "frobnicate"));
        Assert.Equal("usage: config set name value", ReplyTo(output, "config set alarm.lowLelPct"));
        Assert.Equal("not a number: 'lots' (write it like 12.5 or 1e3)", ReplyTo(output, "config set alarm.lowLelPct lots"));
        Assert.Equal("refused, nothing changed: alarm.lowLelPct = 500: expected > 0 and <= 100", ReplyTo(output, "config set alarm.lowLelPct 500"));
        Assert.Equal("unknown setting 'no.such'; 'config get' lists them", ReplyTo(output, "config set no.such 1"));
        Assert.Contains("connection online", ReplyTo(output, "status"));
        Assert.Contains("sensor ready", ReplyTo(output, "status"));            // 200 s > 150 s warm-up
        Assert.StartsWith("selftest PASS", ReplyTo(output, "selftest"));
        Assert.Equal("device.sampleIntervalSeconds = 2 (was 5)", ReplyTo(output, "config set device.sampleIntervalSeconds 2"));
        // Samples at 0, 5, …, 195 s (40), then every 2 s from 200 to 208 s: 5 more; the next seq is 45.
        Assert.Contains("next seq 45", ReplyTo(output, "outbox"));
        Assert.DoesNotContain("Exception", output);
    }

    [Fact]
    public async Task Reboot_keeps_the_outbox_and_factory_reset_restores_the_board_defaults()
    {
        string output = await Script("""
            wait 20
            config set alarm.lowLelPct 12
            reboot
            wait 1
            config get alarm.lowLelPct
            factory-reset
            factory-reset yes
            wait 1
            config get alarm.lowLelPct
            quit
            """);
        Assert.Equal("rebooting", ReplyTo(output, "reboot"));
        Assert.Equal("alarm.lowLelPct = 12", ReplyTo(output, "config get alarm.lowLelPct"));   // first occurrence: kept over reboot
        Assert.Equal("factory-reset erases settings, calibration and the outbox: type 'factory-reset yes'", ReplyTo(output, "factory-reset"));
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        int last = lines.LastIndexOf("> config get alarm.lowLelPct");
        Assert.Equal("alarm.lowLelPct = 10", lines[last + 1]);                                    // board file value again
        Assert.Equal(3, lines.Count(l => l.Contains("INFO  boot bench-00")));
        // seq continues across the reboot right after the newest stored reading — samples every 5 s at t = 0, 5, 10, 15, 20
        // took seqs 0..4, so the next is 5 (no gap for the cloud's gap tracker) — and starts over after the factory reset.
        Assert.Contains(lines, l => l.EndsWith("next seq 5"));
        Assert.Equal(2, lines.Count(l => l.EndsWith("next seq 0")));
    }

    [Fact]
    public async Task An_ota_job_typed_at_the_console_is_downloaded_applied_and_confirmed()
    {
        // While a job is open the headless run is held to 10x real time (RunSession): 300 s of scenario time gives the
        // loopback download, the reboot and the confirmation 30 s of wall time, which a loaded machine needs.
        string output = await Script("""
            wait 20
            job ota 1.1
            job ota 1.1.0
            wait 300
            status
            quit
            """);
        Assert.Equal("job ota: version '1.1': expected major.minor.patch, e.g. 1.1.0", ReplyTo(output, "job ota 1.1"));
        Assert.StartsWith("job ota-1-1-0-1 queued for bench-00: ota to 1.1.0", ReplyTo(output, "job ota 1.1.0"));
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        // The job's path as the local jobs service saw it, in order. Progress reports are coalesced (the newest pending one
        // wins, and a restart may come before the last is sent), so only the first download report is certain.
        int queued = lines.IndexOf("[  jobs   ] ota-1-1-0-1 on bench-00: QUEUED {}");
        int download = lines.FindIndex(l => l.StartsWith("[  jobs   ] ota-1-1-0-1 on bench-00: IN_PROGRESS {\"step\":\"download\"", StringComparison.Ordinal));
        int succeeded = lines.IndexOf("[  jobs   ] ota-1-1-0-1 on bench-00: SUCCEEDED {\"reason\":\"new version confirmed\"}");
        Assert.True(queued >= 0 && download > queued && succeeded > download, "job path not found in order:\n" + output);
        int reboot = lines.FindIndex(l => l.EndsWith("INFO  boot bench-00 site site-north fw 1.1.0 board esp32-devkitc-tgs2611"));
        Assert.True(reboot > download && reboot < succeeded, "the device did not reboot into 1.1.0 between download and confirmation");
        Assert.StartsWith("thing bench-00 site site-north fw 1.1.0", ReplyTo(output, "status"));
        Assert.DoesNotContain("Exception", output);
    }
}
