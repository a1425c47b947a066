using System.Text.Json;
using System.Text.Json.Nodes;
using Methane.Firmware.Emulation.Boards;

namespace Methane.Firmware.Host.Field;

/// <summary>
/// The exact nanoff command lines and the file-deployment JSON that put the firmware on one board, from its board file.
/// Facts behind each line (nanoFirmwareFlasher baccab8dd8309aa58af4c7287bb2f866292fb22d): <c>--update</c> writes the ESP-IDF
/// bootloader, nanoCLR at 0x10000 and the partition table for the flash size it detects; <c>--nanodevice --deploy</c> asks
/// the running nanoCLR for its deployment region (an ESP32 <c>--deploy</c> without <c>--nanodevice</c> falls back to a fixed
/// 0x1B0000, inside nanoCLR on the classic ESP32); <c>--nanodevice</c> refuses <c>--target</c>; <c>--filedeployment</c> does
/// not run together with <c>--nanodevice</c>, resolves SourceFilePath from the current folder, lets the JSON's SerialPort
/// override <c>--serialport</c>, and exits 0 even when a file failed.
/// </summary>
public sealed class FlashPlan
{
    public const string SlotImageOnDevice = "I:\\app\\a\\app.img";

    private FlashPlan(BoardFieldFacts board, string port, string loaderImage, string appImage, string deploymentJsonPath)
    {
        Board = board;
        Port = port;
        LoaderImage = loaderImage;
        AppImage = appImage;
        DeploymentJsonPath = deploymentJsonPath;
    }

    public BoardFieldFacts Board { get; }
    public string Port { get; }
    /// <summary>Absolute path of the loader's deployment image (loader + libraries) built for this board.</summary>
    public string LoaderImage { get; }
    /// <summary>Absolute path of the application image (core + application assemblies, 'board image') deployed into slot a.</summary>
    public string AppImage { get; }
    public string DeploymentJsonPath { get; }

    public static FlashPlan Create(BoardFieldFacts board, string port, string deviceProjectDir, string deploymentJsonPath)
    {
        if (string.IsNullOrWhiteSpace(port)) { throw new ArgumentException("--port = \"\": expected a serial port like COM3 or /dev/ttyUSB0", nameof(port)); }
        string dir = Path.GetFullPath(deviceProjectDir);
        return new FlashPlan(board, port,
            Path.Combine(dir, "bin", "Release", "Methane.Firmware.Device.bin"),
            ApplicationImagePath(dir),
            Path.GetFullPath(deploymentJsonPath));
    }

    /// <summary>The device build's assemblies that make up the application image, in load order (the core first).</summary>
    public static IReadOnlyList<string> ApplicationAssemblies(string deviceProjectDir)
    {
        string dir = Path.GetFullPath(deviceProjectDir);
        return
        [
            Path.Combine(dir, "Core", "bin", "Release", "Methane.Firmware.Core.pe"),
            Path.Combine(dir, "App", "bin", "Release", "Methane.Firmware.Device.App.pe"),
        ];
    }

    public static string ApplicationImagePath(string deviceProjectDir) =>
        Path.Combine(Path.GetFullPath(deviceProjectDir), "App", "bin", "Release", "app.img");

    public const string PackCommand = "dotnet run --project src/Methane.Firmware.Host -- board image";

    public string BuildCommand =>
        $"msbuild src/Methane.Firmware.Device/Methane.Firmware.Device.sln -p:Configuration=Release -p:MethaneBoard={Board.Name}";

    public string UpdateCommand => $"nanoff --update --target {Board.NanoffTarget} --serialport {Port}";

    public string DeployCommand => $"nanoff --nanodevice --serialport {Port} --deploy --image {Quote(LoaderImage)}";

    public string FileDeploymentCommand => $"nanoff --serialport {Port} --filedeployment {Quote(DeploymentJsonPath)}";

    public string DeviceDetailsCommand => $"nanoff --nanodevice --serialport {Port} --devicedetails";

    /// <summary>nanoff's file-deployment JSON (FileDeploymentConfiguration: SerialPort, Files[DestinationFilePath, SourceFilePath]).</summary>
    public string DeploymentJson()
    {
        var json = new JsonObject
        {
            ["SerialPort"] = Port,
            ["Files"] = new JsonArray(new JsonObject
            {
                ["DestinationFilePath"] = SlotImageOnDevice,
                ["SourceFilePath"] = AppImage,
            }),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    public IEnumerable<string> Describe()
    {
        var b = Board;
        yield return $"board {b.Name}: {b.Module}, {b.FlashMegabytes} MB flash, {b.PsramMegabytes} MB PSRAM, nanoff target {b.NanoffTarget}";
        yield return $"  flash layout nanoff writes for {b.FlashMegabytes} MB ({b.PartitionTableSource}):";
        yield return $"    nanoCLR 0x10000..0x{b.Deployment.Offset:X} | deployment region {b.Deployment} | internal drive I: {b.InternalDrive}";
        yield return $"  console {b.Console.Port}: board TX GPIO{b.Console.TxPin} -> adapter RX, board RX GPIO{b.Console.RxPin} <- adapter TX, {b.Console.Baud} 8N1; "
            + (b.StatusLed is null ? "no status LED (console only)" : $"status LED GPIO{b.StatusLed.Pin}");
        yield return "";
        yield return "0. build for this board (Windows, nanoFramework MSBuild components):";
        yield return "   " + BuildCommand;
        yield return "   then pack the core and the application into one image (slot a and OTA jobs both take this file):";
        yield return "   " + PackCommand;
        yield return "1. firmware (ESP-IDF bootloader + nanoCLR + partition table). Add --masserase only on a new or recycled board: it also erases I:.";
        yield return "   " + UpdateCommand;
        yield return "   ok: exit code 0 and \"Flashing firmware...OK\". If asked, hold BOOT while nanoff connects.";
        yield return "2. loader + libraries into the deployment region. No --address: the running board reports its region.";
        yield return "   " + DeployCommand;
        yield return "   ok: \"Deploying managed application...OK\" then \"Rebooting...OK\", exit code 0. \"FAILED!\" or a non-zero exit code = not deployed.";
        yield return "3. application image into slot a (I:\\app\\a\\app.img):";
        yield return "   " + FileDeploymentCommand;
        yield return $"   ok: \"Deploying file {AppImage} to {SlotImageOnDevice}...OK\".";
        yield return "   FAILED although nanoff exits 0: a red \"Error deploying content file ...\" or \"Exception deploying content file ...\" line.";
        yield return $"   note: the JSON's \"SerialPort\" ({Port}) overrides --serialport; change both together.";
        yield return "check: " + DeviceDetailsCommand + "  (target name, firmware version, deployment map)";
    }

    private static string Quote(string path) => path.Contains(' ') ? "\"" + path + "\"" : path;
}
