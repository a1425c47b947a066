using System.Text;
using Methane.Firmware.Host.Commands;
using Methane.Firmware.Host.Field;
using Xunit;

namespace Methane.Firmware.Host.Tests;

/// <summary>The application image a slot holds (core + application .pe files): packing, refusals, the command.</summary>
public sealed class ApplicationImageBuilderTests : IDisposable
{
    private static readonly byte[] CorePe = [.. "NFMRK1"u8, 0xC0, 0xDE];
    private static readonly byte[] AppPe = [.. "NFMRK1"u8, 0xAA];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "methane-image-" + Guid.NewGuid().ToString("N")[..12]);

    public ApplicationImageBuilderTests() => Directory.CreateDirectory(_dir);

    [Fact]
    public void Packs_the_documented_layout_byte_for_byte()
    {
        byte[] image = ApplicationImageBuilder.Build([new("Core", CorePe), new("App", AppPe)]);
        byte[] expected =
        [
            (byte)'M', (byte)'A', (byte)'I', (byte)'1', 2,
            8, 0, 0, 0, 4, (byte)'C', (byte)'o', (byte)'r', (byte)'e',
            7, 0, 0, 0, 3, (byte)'A', (byte)'p', (byte)'p',
            .. CorePe, .. AppPe,
        ];
        Assert.Equal(expected, image);
        Assert.Null(ApplicationImageBuilder.Check(image));
    }

    [Theory]
    [InlineData("dll", "is not a nanoFramework .pe")]
    [InlineData("twice", "is given twice")]
    [InlineData("name", "assembly name 'Core App'")]
    [InlineData("none", "0 assemblies")]
    [InlineData("five", "5 assemblies")]
    public void Refuses_what_the_loader_could_not_load_and_names_it(string kind, string message)
    {
        byte[] dll = [.. "MZ"u8, 0x90, 0, 3, 0, 0, 0];
        ApplicationImageBuilder.Part[] parts = kind switch
        {
            "dll" => [new("Core", dll)],
            "twice" => [new("Core", CorePe), new("Core", CorePe)],
            "name" => [new("Core App", CorePe)],
            "none" => [],
            _ => Enumerable.Range(0, 5).Select(i => new ApplicationImageBuilder.Part("A" + i, AppPe)).ToArray(),
        };
        var e = Assert.Throws<ArgumentException>(() => ApplicationImageBuilder.Build(parts));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Check_names_a_truncated_image_and_a_bare_assembly()
    {
        byte[] image = ApplicationImageBuilder.Build([new("Core", CorePe), new("App", AppPe)]);
        Assert.Contains("do not add up", ApplicationImageBuilder.Check(image[..^1]));
        Assert.Contains("board image", ApplicationImageBuilder.Check(CorePe));
        image[22] = (byte)'X'; // the core's marker
        Assert.Equal("assembly 1 (Core) does not start with \"NFMRK1\"", ApplicationImageBuilder.Check(image));
    }

    [Fact]
    public void The_command_packs_files_in_the_order_given()
    {
        string core = Path.Combine(_dir, "Methane.Firmware.Core.pe");
        string app = Path.Combine(_dir, "Methane.Firmware.Device.App.pe");
        File.WriteAllBytes(core, CorePe);
        File.WriteAllBytes(app, AppPe);
        string output = Path.Combine(_dir, "out", "app.img");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(0, BoardCommand.Run(["image", "--out", output, core, app], stdout, stderr));
        Assert.Equal("", stderr.ToString());
        byte[] image = File.ReadAllBytes(output);
        Assert.Equal(5 + (5 + 21) + (5 + 27) + 8 + 7, image.Length);
        Assert.Equal("Methane.Firmware.Core", Encoding.ASCII.GetString(image, 10, 21));
        Assert.Contains("Methane.Firmware.Core 8 B + Methane.Firmware.Device.App 7 B", stdout.ToString());
    }

    [Fact]
    public void The_command_says_which_file_is_missing()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string missing = Path.Combine(_dir, "nothing.pe");
        Assert.Equal(1, BoardCommand.Run(["image", "--out", Path.Combine(_dir, "x.img"), missing], stdout, stderr));
        Assert.Contains($"cannot read '{missing}'", stderr.ToString());
        Assert.False(File.Exists(Path.Combine(_dir, "x.img")));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
