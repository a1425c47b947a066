using Methane.Firmware.Host.Fleet;

namespace Methane.Firmware.Host.Commands;

/// <summary><c>fleet</c>: many simulated devices, each the real firmware core on its own virtual board, against one broker.</summary>
public static class FleetCommand
{
    public const string Usage =
        "usage: methane-host fleet [--devices N] [--sites M] [--interval 10s] [--duration 1m] [--broker embedded|mosquitto|HOST:PORT]\n" +
        "                          [--ca FILE] [--cert-dir DIR] [--ramp DEVICES_PER_S] [--drain 60s] [--headless] [--every 5s]\n" +
        "  N devices (default 100) over M sites (default 5); each gets a certificate (CN = thing name) and a seeded board, and\n" +
        "  runs the firmware core: a reading every --interval, QoS 1 over mutual TLS. Devices start --ramp per second (default\n" +
        "  100, jittered). The measurement window (--duration) starts once the whole fleet is online (or after --ramp-timeout);\n" +
        "  then sampling stops and devices have --drain to deliver their queues. A subscriber counts readings by (thing, seq).\n" +
        "  --broker embedded (default: MQTTnet.Server in this process), embedded-process (the same broker as a child process,\n" +
        "  'methane-host broker') or mosquitto (started for the run) each get a fresh PKI;\n" +
        "  HOST:PORT uses a running broker whose CA is\n" +
        "  in --cert-dir (ca.pem + ca-key.pem, e.g. from 'pki init'; the observer cert CN is --observer, default methane-observer).\n" +
        "  --scenario NAME|FILE (default clean-air; see scenarios/README.md) plays air, leaks, drift and chip faults per device;\n" +
        "  --interval defaults to the scenario's sample interval. Tuning: --tick-threads (2), --connect-threads (8), --seed (1,\n" +
        "  ramp jitter), --thing-prefix (fleet), --board FILE, --health 60s.\n" +
        "  Exit code: 0 when nothing was lost, 1 when a reading was lost (or the run failed), 2 for a usage error.";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length > 0 && args[0] is "help" or "-h" or "--help")
        {
            stdout.WriteLine(Usage);
            return 0;
        }
        if (!FleetOptions.TryParse(args, out FleetOptions options, out string error))
        {
            stderr.WriteLine("fleet: " + error);
            stderr.WriteLine("(try 'fleet help')");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // First Ctrl+C: finish early with a report; the second one kills.
            if (cancel.IsCancellationRequested) return;
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var view = new FleetProgressView(options.Headless, options.ReportEvery, stdout);
            FleetReport report = view.Show((progress, note) => new FleetRunner(options, progress, note).Run(cancel.Token));
            stdout.WriteLine(report.ToText());
            return report.Passed ? 0 : 1;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException
                                   or System.Security.Cryptography.CryptographicException or Emulation.Boards.BoardFileException
                                   or Emulation.Scenarios.ScenarioFileException)
        {
            stderr.WriteLine("fleet: " + e.Message);
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
