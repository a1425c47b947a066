using Methane.Firmware.Host.Commands;

// Command dispatch: one entry per verb; each command parses its own arguments and returns the exit code.
// Exit codes: 0 ok, 1 failed, 2 usage error.
if (args.Length == 0 || args[0] is "help" or "-h" or "--help")
{
    Console.WriteLine("usage: methane-host <command> [arguments]");
    Console.WriteLine();
    Console.WriteLine("commands:");
    Console.WriteLine("  demo   virtual devices on two sites through a leak scenario, embedded mTLS broker, summary ('demo --help');");
    Console.WriteLine("         with the local cloud pipeline beside it: dotnet run --project src/Methane.Demo -c Release");
    Console.WriteLine("  run    one virtual device with its serial-monitor console ('run --help')");
    Console.WriteLine("  pki    development certificates (init | device THING | csr THING); 'pki help' for details");
    Console.WriteLine("  job    OTA job document + 'aws iot create-job' line from an image ('job help')");
    Console.WriteLine("  board  field steps for a board file: nanoff command lines + file-deployment JSON, I: flash budget ('board help')");
    Console.WriteLine("  calibrate  ambient-range TGS2611 calibration: fit co-location pairs, apply through the shadow, figures ('calibrate help')");
    Console.WriteLine("  broker the embedded broker alone in this process ('broker help')");
    Console.WriteLine("  fleet  N simulated devices on the real firmware core against one broker, with a loss/latency report; 'fleet help'");
    return args.Length == 0 ? 2 : 0;
}

string[] rest = args[1..];
switch (args[0])
{
    case "pki":
        return PkiCommand.Run(rest, Console.Out, Console.Error);
    case "job":
        return JobCommand.Run(rest, Console.Out, Console.Error);
    case "run":
        return await RunCommand.RunAsync(rest, Console.In, Console.Out, Console.Error);
    case "demo":
        return await DemoCommand.RunAsync(rest, Console.Out, Console.Error);
    case "board":
        return BoardCommand.Run(rest, Console.Out, Console.Error);
    case "calibrate":
        return CalibrateCommand.Run(rest, Console.Out, Console.Error);
    case "fleet":
        return FleetCommand.Run(rest, Console.Out, Console.Error);
    case "broker":
        return await BrokerCommand.RunAsync(rest, Console.In, Console.Out, Console.Error);
    default:
        Console.Error.WriteLine($"methane-host: unknown command '{args[0]}' (try 'help')");
        return 2;
}
