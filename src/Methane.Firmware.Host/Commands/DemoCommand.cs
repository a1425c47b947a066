using System.Globalization;
using Methane.Firmware.Emulation.Boards;
using Methane.Firmware.Emulation.Scenarios;
using Methane.Firmware.Host.Demo;

namespace Methane.Firmware.Host.Commands;

/// <summary>
/// <c>demo [--headless] [--scenario NAME|FILE] [--devices N] [--speed X | --real-time] [--broker host:port --ca --cert --key]</c>.
/// Shared by <c>methane-host demo</c> (no pipeline) and <c>methane-demo</c> (src/Methane.Demo: the same with the local cloud pipeline).
/// </summary>
public static class DemoCommand
{
    public static string Usage(string program) =>
        $"usage: {program} [options]\n" +
        "  --scenario NAME|FILE   scenario (default leak-two-sites; see src/Methane.Firmware.Host/scenarios/README.md)\n" +
        "  --devices N            virtual devices, half on site-north, half on site-south (default 6, 1..50)\n" +
        "  --speed X              simulated seconds per real second (default 60; 0 = as fast as possible)\n" +
        "  --real-time            run the scenario in real time\n" +
        "  --headless             plain text output (CI, logs)\n" +
        "  --no-pipeline          do not run the local cloud pipeline (DuckDB + archive under .run/demo; methane-demo only)\n" +
        "  --pki DIR              development PKI directory (default certs/out; generated when absent)\n" +
        "  --broker HOST:PORT     use an external broker (Mosquitto, AWS IoT Core on 8883) instead of the embedded one;\n" +
        "  --ca FILE --cert FILE --key FILE    with --broker: trust anchor and ONE device's certificate (the device is its CN)\n" +
        "  --site SITE            with --broker: the device's site (default site-north)\n" +
        "  --observer-cert FILE --observer-key FILE   with --broker: a subscriber allowed to read dt/methane/# (to count arrivals)\n" +
        "  --ota VERSION          queue an OTA job to VERSION for every device on the local jobs service (embedded broker)\n" +
        "  --ota-at SECONDS       scenario time at which the OTA job is queued (default 60)\n" +
        "  --publish-interval S   the devices' publish interval (device.publishIntervalSeconds; default 60, 0 = each reading alone)\n" +
        "  --health-interval S    the devices' health message interval (device.healthIntervalSeconds; default 60, 10..86400)\n" +
        "  --traffic-json FILE    write the measured traffic by topic (messages, bytes, 5 KB units) as JSON, for the cost command\n" +
        "  --now TIME             the wall-clock time the run starts from (ISO 8601, e.g. 2026-06-01T03:00:00Z; default: now)\n" +
        "Exit code: 0 all readings arrived, 1 loss or failure, 2 usage error.";

    /// <param name="pipeline">starts the local cloud pipeline beside the embedded broker; null = none (the firmware host alone).</param>
    /// <param name="program">how the command is invoked, for the usage text.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr,
        DemoPipelineStarter? pipeline = null, string program = "methane-host demo")
    {
        if (args.Length > 0 && args[0] is "help" or "-h" or "--help")
        {
            stdout.WriteLine(Usage(program));
            return 0;
        }
        string[] valued = ["--scenario", "--devices", "--speed", "--pki", "--broker", "--ca", "--cert", "--key", "--site", "--observer-cert", "--observer-key", "--board", "--ota", "--ota-at", "--publish-interval", "--health-interval", "--traffic-json", "--now"];
        if (!CommandArguments.TryParse(args, valued, ["--headless", "--real-time", "--no-pipeline"], out var p, out string error) || p.Positional.Count > 0)
        {
            stderr.WriteLine("demo: " + (error.Length > 0 ? error : $"unexpected argument '{p.Positional[0]}'"));
            stderr.WriteLine(Usage(program));
            return 2;
        }
        var o = new DemoOptions { Headless = p.Flag("--headless"), RealTime = p.Flag("--real-time"), Pipeline = !p.Flag("--no-pipeline") };
        if (p.Option("--scenario") is string s) o.Scenario = s;
        if (p.Option("--board") is string b) o.Board = b;
        if (p.Option("--pki") is string pki) o.PkiDirectory = pki;
        if (p.Option("--devices") is string n)
        {
            if (!int.TryParse(n, out int count) || count < 1 || count > 50) return Fail(stderr, $"--devices {n}: expected 1 to 50");
            o.Devices = count;
        }
        if (p.Option("--speed") is string sp)
        {
            if (!double.TryParse(sp, NumberStyles.Float, CultureInfo.InvariantCulture, out double speed) || speed < 0 || speed > 100000)
            {
                return Fail(stderr, $"--speed {sp}: expected a number 0 (unpaced) to 100000");
            }
            o.Speed = speed;
        }
        o.OtaVersion = p.Option("--ota");
        if (p.Option("--ota-at") is string at)
        {
            if (!int.TryParse(at, out int seconds) || seconds < 0) return Fail(stderr, $"--ota-at {at}: expected whole seconds >= 0");
            o.OtaAtSeconds = seconds;
        }
        if (p.Option("--publish-interval") is string pi)
        {
            if (!int.TryParse(pi, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds > Core.App.DeviceSettings.MaxPublishIntervalSeconds)
            {
                return Fail(stderr, $"--publish-interval {pi}: expected whole seconds 0 to {Core.App.DeviceSettings.MaxPublishIntervalSeconds}");
            }
            o.PublishIntervalSeconds = seconds;
        }
        if (p.Option("--health-interval") is string hi)
        {
            if (!int.TryParse(hi, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds < 10 || seconds > 86400)
            {
                return Fail(stderr, $"--health-interval {hi}: expected whole seconds 10 to 86400");
            }
            o.HealthIntervalSeconds = seconds;
        }
        o.TrafficJson = p.Option("--traffic-json");
        if (p.Option("--now") is string now)
        {
            if (!DateTimeOffset.TryParse(now, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset start))
            {
                return Fail(stderr, $"--now {now}: expected an ISO 8601 time such as 2026-06-01T03:00:00Z");
            }
            o.Now = start;
        }
        o.Broker = p.Option("--broker");
        o.Ca = p.Option("--ca");
        o.Cert = p.Option("--cert");
        o.Key = p.Option("--key");
        o.Site = p.Option("--site") ?? o.Site;
        o.ObserverCert = p.Option("--observer-cert");
        o.ObserverKey = p.Option("--observer-key");
        if (o.Broker != null && o.OtaVersion != null) return Fail(stderr, "--ota needs the embedded broker (its local jobs service)");
        if (o.Broker != null && (o.Ca is null || o.Cert is null || o.Key is null)) return Fail(stderr, "--broker needs --ca, --cert and --key");
        if (o.Broker is null && (o.Ca ?? o.Cert ?? o.Key) != null) return Fail(stderr, "--ca/--cert/--key go with --broker");

        var view = new DemoView(o.Headless, stdout);
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            var runner = new DemoRunner(o, view, pipeline);
            var summary = await runner.RunAsync(cancel.Token);
            runner.ShowSummary(summary);
            if (o.TrafficJson != null)
            {
                TrafficReport.Write(o.TrafficJson, summary, o, program);
                stdout.WriteLine($"traffic: {o.TrafficJson}");
            }
            return summary.Ok ? 0 : 1;
        }
        catch (Exception e) when (e is ScenarioFileException or BoardFileException or ArgumentException or IOException
                                      or InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            stderr.WriteLine("demo: " + e.Message);
            return 1;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("demo: interrupted");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine("demo: " + message);
        return 2;
    }
}
