using Methane.Firmware.Emulation.Boards;
using Methane.Firmware.Host.Field;

namespace Methane.Firmware.Host.Commands;

/// <summary>
/// <c>board flash-plan --board B --port P [--out F]</c>: the nanoff command lines and file-deployment JSON for a board;
/// <c>board budget --board B</c>: the internal drive's budget; <c>board image</c>: packs the application image.
/// </summary>
public static class BoardCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            stdout.WriteLine("usage: board flash-plan --board <name|file.json|path> --port <COM3|/dev/ttyUSB0> [--out <filedeployment.json>] [--device-dir <dir>]");
            stdout.WriteLine("       board budget --board <name|file.json|path>");
            stdout.WriteLine("       board image [--out <app.img>] [<first.pe> <second.pe> ...]");
            stdout.WriteLine("  flash-plan  prints the exact nanoff lines for the board and writes nanoff's file-deployment JSON with absolute paths");
            stdout.WriteLine("              (default --out: ./filedeployment.<board>.json; --device-dir: the repository's src/Methane.Firmware.Device)");
            stdout.WriteLine("  budget      what the firmware writes to the board's internal drive I:, against its size");
            stdout.WriteLine("  image       packs .pe files, in load order, into the application image for slot a and OTA jobs");
            stdout.WriteLine("              (default: the device build's Methane.Firmware.Core.pe then Methane.Firmware.Device.App.pe, --out App/bin/Release/app.img)");
            return args.Length == 0 ? 2 : 0;
        }
        if (args[0] == "image") return ImageCommand.Run(args[1..], stdout, stderr);
        if (!CommandArguments.TryParse(args[1..], ["--board", "--port", "--out", "--device-dir"], [], out var p, out string error))
        {
            stderr.WriteLine("board: " + error);
            return 2;
        }
        string? board = p.Option("--board");
        if (board is null)
        {
            stderr.WriteLine("board: --board is required (a name of boards/, a file name or a path)");
            return 2;
        }

        BoardFieldFacts facts;
        try
        {
            facts = BoardFieldLoader.LoadFile(HostPaths.Board(board));
        }
        catch (BoardFileException e)
        {
            stderr.WriteLine("board: " + e.Message);
            return 1;
        }

        switch (args[0])
        {
            case "flash-plan":
                return FlashPlanCommand(facts, p, stdout, stderr);
            case "budget":
                var budget = new FlashBudget(facts.InternalDrive.Size);
                stdout.WriteLine($"board {facts.Name}: internal drive I: {facts.InternalDrive}");
                foreach (string line in budget.Describe()) { stdout.WriteLine(line); }
                return budget.Fits ? 0 : 1;
            default:
                stderr.WriteLine($"board: unknown subcommand '{args[0]}' (try 'board help')");
                return 2;
        }
    }

    private static int FlashPlanCommand(BoardFieldFacts facts, CommandArguments p, TextWriter stdout, TextWriter stderr)
    {
        string? port = p.Option("--port");
        if (port is null)
        {
            stderr.WriteLine("board: --port is required (the board's USB serial port, e.g. COM3 or /dev/ttyUSB0)");
            return 2;
        }
        string? root = HostPaths.RepositoryRoot();
        string? device = p.Option("--device-dir") ?? (root is null ? null : Path.Combine(root, "src", "Methane.Firmware.Device"));
        if (device is null)
        {
            stderr.WriteLine("board: not inside the repository: give --device-dir (the folder holding Methane.Firmware.Device.nfproj and its bin/)");
            return 2;
        }
        string json = p.Option("--out") ?? Path.Combine(Environment.CurrentDirectory, $"filedeployment.{facts.Name}.json");
        var plan = FlashPlan.Create(facts, port, device, json);

        foreach (string line in plan.Describe()) { stdout.WriteLine(line); }
        Directory.CreateDirectory(Path.GetDirectoryName(plan.DeploymentJsonPath)!);
        File.WriteAllText(plan.DeploymentJsonPath, plan.DeploymentJson());
        stdout.WriteLine($"wrote {plan.DeploymentJsonPath}");
        stderr.WriteLine($"warning: the file-deployment JSON's \"SerialPort\" ({port}) overrides nanoff's --serialport: edit both together.");
        foreach (string image in new[] { plan.LoaderImage, plan.AppImage })
        {
            if (!File.Exists(image)) { stderr.WriteLine($"warning: {image} does not exist yet: build first (step 0)."); }
        }
        return 0;
    }
}
