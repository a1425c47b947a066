using System.Globalization;
using Methane.Firmware.Emulation.Boards;
using Methane.Firmware.Emulation.Scenarios;
using Methane.Firmware.Host.Demo;

namespace Methane.Firmware.Host.Commands;

/// <summary><c>run [--headless] [--scenario S] [--device N] [--speed X]</c>: one virtual device with its serial console.</summary>
public static class RunCommand
{
    public const string Usage =
        "usage: methane-host run [options]     one virtual device with its serial-monitor console\n" +
        "  --scenario NAME|FILE   scenario (default leak-two-sites)\n" +
        "  --device N             which scenario device index this board is (default 0)\n" +
        "  --site SITE            its site (default site-north)\n" +
        "  --speed X              simulated seconds per real second (default 1 = real time; 0 = as fast as possible)\n" +
        "  --headless             read commands from stdin; time advances only with 'wait SECONDS' (deterministic scripts)\n" +
        "  --pki DIR | --broker HOST:PORT --ca FILE --cert FILE --key FILE   as for 'demo'\n" +
        "Console: help, status, config get/set, calibrate zero, selftest, outbox, reboot, factory-reset yes;\n" +
        "host: wait N, quit, job ota VERSION (embedded broker: queue an OTA job on the local jobs service).";

    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length > 0 && args[0] is "help" or "-h" or "--help")
        {
            stdout.WriteLine(Usage);
            return 0;
        }
        string[] valued = ["--scenario", "--device", "--site", "--speed", "--pki", "--broker", "--ca", "--cert", "--key", "--board"];
        if (!CommandArguments.TryParse(args, valued, ["--headless"], out var p, out string error) || p.Positional.Count > 0)
        {
            stderr.WriteLine("run: " + (error.Length > 0 ? error : $"unexpected argument '{p.Positional[0]}'"));
            stderr.WriteLine(Usage);
            return 2;
        }
        var o = new DemoOptions { Headless = p.Flag("--headless"), Speed = 1 };
        if (p.Option("--scenario") is string s) o.Scenario = s;
        if (p.Option("--board") is string b) o.Board = b;
        if (p.Option("--pki") is string pki) o.PkiDirectory = pki;
        if (p.Option("--site") is string site) o.Site = site;
        int device = 0;
        if (p.Option("--device") is string d && (!int.TryParse(d, out device) || device < 0 || device > 100_000))
        {
            stderr.WriteLine($"run: --device {d}: expected an index 0 to 100000");
            return 2;
        }
        if (p.Option("--speed") is string sp)
        {
            if (!double.TryParse(sp, NumberStyles.Float, CultureInfo.InvariantCulture, out double speed) || speed < 0 || speed > 100000)
            {
                stderr.WriteLine($"run: --speed {sp}: expected a number 0 to 100000");
                return 2;
            }
            o.Speed = speed;
        }
        o.Broker = p.Option("--broker");
        o.Ca = p.Option("--ca");
        o.Cert = p.Option("--cert");
        o.Key = p.Option("--key");
        if (o.Broker != null && (o.Ca is null || o.Cert is null || o.Key is null))
        {
            stderr.WriteLine("run: --broker needs --ca, --cert and --key");
            return 2;
        }
        try
        {
            return await new RunSession(o, device, stdin, stdout).RunAsync();
        }
        catch (Exception e) when (e is ScenarioFileException or BoardFileException or ArgumentException or IOException
                                      or InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            stderr.WriteLine("run: " + e.Message);
            return 1;
        }
    }
}
