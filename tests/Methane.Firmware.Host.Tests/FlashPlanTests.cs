using System.Text.Json;
using Methane.Firmware.Host;
using Methane.Firmware.Host.Commands;
using Xunit;

namespace Methane.Firmware.Host.Tests;

/// <summary>
/// `board flash-plan` for every board file in boards/, against nanoff's behaviour (nanoFirmwareFlasher
/// baccab8dd8309aa58af4c7287bb2f866292fb22d): --nanodevice refuses --target and is needed for a deploy that asks the board
/// for its deployment region; --filedeployment runs only without --nanodevice and reads SourceFilePath relative to the
/// current folder, so it must be absolute; the JSON's SerialPort wins over --serialport.
/// </summary>
public sealed class FlashPlanTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "methane-flash-plan-" + Guid.NewGuid().ToString("N"));

    public FlashPlanTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, true);

    private static string Root => HostPaths.RepositoryRoot() ?? throw new InvalidOperationException("tests run inside the repository");

    public static TheoryData<string> Boards() => new(Directory.GetFiles(Path.Combine(Root, "boards"), "*.json")
        .Where(p => Path.GetFileName(p) != "board.schema.json").Order(StringComparer.Ordinal).ToArray());

    private (int Code, string[] Lines, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = BoardCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToArray(), stderr.ToString());
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Plan_has_the_boards_target_no_address_and_an_absolute_deployment_file(string boardPath)
    {
        using var board = JsonDocument.Parse(File.ReadAllText(boardPath));
        string target = board.RootElement.GetProperty("firmware").GetProperty("nanoffTarget").GetString()!;
        string json = Path.Combine(_dir, "deploy.json");

        var (code, lines, err) = Run("flash-plan", "--board", boardPath, "--port", "COM7", "--out", json);

        Assert.Equal(0, code);
        string[] commands = lines.Select(l => l.Trim()).Where(l => l.StartsWith("nanoff ", StringComparison.Ordinal)).ToArray();
        Assert.Contains($"nanoff --update --target {target} --serialport COM7", commands);

        string deploy = Assert.Single(commands, c => c.Contains(" --deploy", StringComparison.Ordinal));
        const string deployPrefix = "nanoff --nanodevice --serialport COM7 --deploy --image ";
        Assert.StartsWith(deployPrefix, deploy);
        string image = deploy[deployPrefix.Length..].Trim('"');
        Assert.Equal(Path.Combine(Root, "src", "Methane.Firmware.Device", "bin", "Release", "Methane.Firmware.Device.bin"), image);
        Assert.DoesNotContain("--target", deploy);

        string files = Assert.Single(commands, c => c.Contains("--filedeployment", StringComparison.Ordinal));
        Assert.Equal($"nanoff --serialport COM7 --filedeployment {json}", files);
        Assert.All(commands, c => Assert.DoesNotContain("--address", c));
        Assert.All(commands, c => Assert.DoesNotContain("--reset", c));

        using var deployment = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal("COM7", deployment.RootElement.GetProperty("SerialPort").GetString());
        var file = Assert.Single(deployment.RootElement.GetProperty("Files").EnumerateArray().ToArray());
        Assert.Equal("I:\\app\\a\\app.img", file.GetProperty("DestinationFilePath").GetString());
        string source = file.GetProperty("SourceFilePath").GetString()!;
        Assert.True(Path.IsPathFullyQualified(source), source);
        Assert.Equal(Path.Combine(Root, "src", "Methane.Firmware.Device", "App", "bin", "Release", "app.img"), source);

        Assert.Contains("\"SerialPort\" (COM7) overrides nanoff's --serialport", err);
    }

    [Fact]
    public void Plan_names_the_failure_nanoff_does_not_report_in_its_exit_code()
    {
        var (_, lines, _) = Run("flash-plan", "--board", "esp32-devkitc-tgs2611", "--port", "/dev/ttyUSB0", "--out", Path.Combine(_dir, "d.json"));
        Assert.Contains(lines, l => l.Contains("\"Exception deploying content file ...\"") && l.Contains("exits 0"));
        Assert.Contains(lines, l => l.Contains("deployment region 0x1E0000..0x490000"));
    }

    [Fact]
    public void Board_is_found_by_name_file_name_or_path()
    {
        string byName = HostPaths.Board("esp32-devkitc-tgs2611");
        Assert.True(File.Exists(byName), byName);
        Assert.Equal(byName, HostPaths.Board("esp32-devkitc-tgs2611.json"));
        Assert.Equal(byName, HostPaths.Board(byName));
    }

    [Fact]
    public void Missing_port_and_unknown_board_are_usage_errors_naming_the_field()
    {
        var (code, _, err) = Run("flash-plan", "--board", "esp32-devkitc-tgs2611");
        Assert.Equal(2, code);
        Assert.Contains("--port is required", err);

        (code, _, err) = Run("flash-plan", "--board", "no-such-board", "--port", "COM3");
        Assert.Equal(1, code);
        Assert.Contains("no-such-board.json: $: expected a readable file", err);
    }
}
