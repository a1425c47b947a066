using System.Reflection;
using Methane.Firmware.Emulation.Boards;
using Xunit;

namespace Methane.Firmware.Core.Tests.Boards;

/// <summary>
/// The field facts of every board file against nanoFramework's own sources, copied here by hand (independent of the board
/// files): nf-interpreter a3e8139a1ba778e33ca81b023099765eada6c456, targets/ESP32/_IDF/{esp32,esp32s3}/partitions_nanoclr_*.csv
/// and targets/ESP32/CMakePresets.json. A new board with a wrong target, region or pin fails here.
/// </summary>
public sealed class BoardFieldFactsTests
{
    private static readonly string BoardsDir = Path.Combine(typeof(BoardFieldFactsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!, "boards");

    // (partition folder, flash MB) -> deploy (offset, size), config = I: (offset, size)
    private static readonly Dictionary<(string, int), (long, long, long, long)> NfPartitionTables = new()
    {
        [("esp32", 4)] = (0x1E0000, 0x1C0000, 0x3C0000, 0x40000),
        [("esp32", 8)] = (0x1E0000, 0x2B0000, 0x490000, 0x200000),
        [("esp32", 16)] = (0x1E0000, 0x2B0000, 0x490000, 0x300000),
        [("esp32s3", 4)] = (0x1B0000, 0x1F0000, 0x3C0000, 0x40000),
        [("esp32s3", 8)] = (0x1B0000, 0x2E0000, 0x490000, 0x200000),
        [("esp32s3", 16)] = (0x1B0000, 0x2E0000, 0x490000, 0x300000),
    };

    public static TheoryData<string> Boards() => BoardFileTests.ShippedBoards();

    [Theory]
    [MemberData(nameof(Boards))]
    public void Partition_facts_equal_nf_interpreters_table_for_the_chip_and_flash_size(string fileName)
    {
        var facts = BoardFieldLoader.LoadFile(Path.Combine(BoardsDir, fileName));
        string folder = facts.Mcu == "esp32-s3" ? "esp32s3" : "esp32";
        var (deployOffset, deploySize, driveOffset, driveSize) = NfPartitionTables[(folder, facts.FlashMegabytes)];
        Assert.Equal(new FlashRegion(deployOffset, deploySize), facts.Deployment);
        Assert.Equal(new FlashRegion(driveOffset, driveSize), facts.InternalDrive);
        Assert.EndsWith($"/{folder}/partitions_nanoclr_{facts.FlashMegabytes}mb.csv", facts.PartitionTableSource);
        // nanoCLR (factory partition) starts at 0x10000 and ends where the deployment region begins: never write below it.
        Assert.True(facts.Deployment.Offset > 0x10000);
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Target_is_a_firmware_for_the_boards_chip_and_psram(string fileName)
    {
        var facts = BoardFieldLoader.LoadFile(Path.Combine(BoardsDir, fileName));
        if (facts.Mcu == "esp32-s3")
        {
            Assert.StartsWith("ESP32_S3_", facts.NanoffTarget);
            // WROOM-1 ordering codes: R8/R16 = octal PSRAM, R2 = quad PSRAM.
            bool octal = facts.Module.EndsWith("R8", StringComparison.Ordinal) || facts.Module.EndsWith("R16V", StringComparison.Ordinal);
            Assert.Equal(octal ? "ESP32_S3_OCTAL" : "ESP32_S3_QUAD", facts.NanoffTarget);
        }
        else
        {
            Assert.StartsWith("ESP32_", facts.NanoffTarget);
            Assert.DoesNotContain("S3", facts.NanoffTarget);
            Assert.Contains("PSRAM", facts.NanoffTarget);
        }
        Assert.True(facts.PsramMegabytes >= 2, "the OTA path needs PSRAM");
    }

    [Fact]
    public void The_s3_board_uses_the_octal_firmware_gpio8_9_and_no_classic_pins()
    {
        var s3 = BoardFieldLoader.LoadFile(Path.Combine(BoardsDir, "esp32-s3-devkitc-tgs2611.json"));
        Assert.Equal("ESP32_S3_OCTAL", s3.NanoffTarget);
        Assert.Equal((8, 9), (s3.I2cSdaPin, s3.I2cSclPin));
        Assert.Equal(0x1B0000, s3.Deployment.Offset);
        Assert.Null(s3.StatusLed);   // the DevKitC-1's RGB LED is a WS2812, not a GPIO LED
    }

    [Fact]
    public void Classic_board_keeps_the_console_off_the_wrover_psram_pins()
    {
        var classic = BoardFieldLoader.LoadFile(Path.Combine(BoardsDir, "esp32-devkitc-tgs2611.json"));
        Assert.Equal(0x1E0000, classic.Deployment.Offset);
        Assert.DoesNotContain(classic.Console.TxPin, new[] { 16, 17 });
        Assert.DoesNotContain(classic.Console.RxPin, new[] { 16, 17 });
    }

    public static TheoryData<string, string, string> BrokenFacts() => new()
    {
        { "\"nanoffTarget\": \"ESP32_PSRAM_REV3\"", "\"nanoffTarget\": \"ESP32_S3_OCTAL\"",
          "broken.json: $.firmware.nanoffTarget = \"ESP32_S3_OCTAL\": expected one of ESP32_PSRAM_REV3, ESP32_REV3, ESP32_PSRAM_REV0, ESP32_REV0 (mcu \"esp32\")" },
        { "\"flashMegabytes\": 8", "\"flashMegabytes\": 4",
          "broken.json: $.firmware.flashMegabytes = 4: expected 8 or 16 (the 4 MB partition tables leave 256 KB for I:, less than the firmware writes)" },
        { "esp32/partitions_nanoclr_8mb.csv", "esp32/partitions_nanoclr_16mb.csv",
          "broken.json: $.firmware.partitionTable.source = \"nanoframework/nf-interpreter@a3e8139a1ba778e33ca81b023099765eada6c456:targets/ESP32/_IDF/esp32/partitions_nanoclr_16mb.csv\": expected nanoframework/nf-interpreter@<commit>:targets/ESP32/_IDF/esp32/partitions_nanoclr_8mb.csv (mcu \"esp32\", 8 MB)" },
        { "\"size\": \"0x2B0000\"", "\"size\": \"0x2C0000\"",
          "broken.json: $.firmware.partitionTable.deployment.size = \"0x2C0000\": expected a deployment region ending at or before the internal drive's offset 0x490000" },
        { "\"offset\": \"0x1E0000\"", "\"offset\": \"0x1E0001\"",
          "broken.json: $.firmware.partitionTable.deployment.offset = \"0x1E0001\": expected a hex string like \"0x1E0000\", a multiple of the 4 KB flash sector" },
        { "\"txPin\": 27", "\"txPin\": 17",
          "broken.json: $.console.txPin = 17: expected a GPIO free on this module (GPIO17 is used by its flash/PSRAM or does not exist; target ESP32_PSRAM_REV3)" },
        { "\"txPin\": 27", "\"txPin\": 21", "broken.json: $.console.txPin = 21: expected a pin other than i2c.sdaPin (21)" },
        { "\"statusLed\": null", "\"statusLed\": { \"pin\": 26, \"activeHigh\": true }", "broken.json: $.statusLed.pin = 26: expected a pin other than console.rxPin (26)" },
        { "\"port\": \"COM2\"", "\"port\": \"COM1\"", "broken.json: $.console.port = \"COM1\": expected \"COM2\" or \"COM3\" (COM1 carries nanoFramework's wire protocol)" },
    };

    [Theory]
    [MemberData(nameof(BrokenFacts))]
    public void Broken_field_facts_give_the_exact_error(string replace, string with, string expected)
    {
        string json = File.ReadAllText(Path.Combine(BoardsDir, "esp32-devkitc-tgs2611.json"));
        int at = json.IndexOf(replace, StringComparison.Ordinal);
        Assert.True(at >= 0 && json.IndexOf(replace, at + 1, StringComparison.Ordinal) < 0, $"'{replace}' must occur exactly once");
        string dir = Path.Combine(Path.GetTempPath(), "methane-board-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "esp32-devkitc-tgs2611.json");
            File.WriteAllText(path, json[..at] + with + json[(at + replace.Length)..]);
            var e = Assert.Throws<BoardFileException>(() => BoardFieldLoader.LoadFile(path));
            Assert.Equal(expected, e.Message.Replace(path, "broken.json"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
