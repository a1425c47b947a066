using System.Globalization;
using System.Text.Json;

namespace Methane.Firmware.Emulation.Boards;

/// <summary>
/// Reads the field facts (<c>firmware</c>, <c>statusLed</c>, <c>console</c>) of a board file, as strictly as
/// <see cref="BoardLoader"/> reads the rest: unknown fields, wrong types and values that would brick or miswire a board are
/// errors naming the file, the JSON path, the value and what was expected. The whole file is also loaded with
/// <see cref="BoardLoader"/> first, so a file that passes here is a complete, valid board.
/// </summary>
public static class BoardFieldLoader
{
    private static readonly string[] FirmwareFields = ["module", "nanoffTarget", "flashMegabytes", "psramMegabytes", "partitionTable"];
    private static readonly string[] PartitionFields = ["source", "deployment", "internalDrive"];
    private static readonly string[] RegionFields = ["offset", "size"];
    private static readonly string[] LedFields = ["pin", "activeHigh"];
    private static readonly string[] ConsoleFields = ["port", "txPin", "rxPin", "baud"];

    /// <summary>nanoff targets per MCU family (nf-interpreter targets/ESP32/CMakePresets.json).</summary>
    private static readonly Dictionary<string, string[]> TargetsByMcu = new(StringComparer.Ordinal)
    {
        ["esp32"] = ["ESP32_PSRAM_REV3", "ESP32_REV3", "ESP32_PSRAM_REV0", "ESP32_REV0"],
        ["esp32-s3"] = ["ESP32_S3_QUAD", "ESP32_S3_OCTAL"],
    };

    /// <summary>nf-interpreter's folder of partition tables per MCU family (targets/ESP32/_IDF/&lt;folder&gt;).</summary>
    private static readonly Dictionary<string, string> PartitionFolderByMcu = new(StringComparer.Ordinal)
    {
        ["esp32"] = "esp32",
        ["esp32-s3"] = "esp32s3",
    };

    public static BoardFieldFacts LoadFile(string path)
    {
        var board = BoardLoader.LoadFile(path);
        string json = File.ReadAllText(path);
        using var doc = JsonDocument.Parse(json);
        return new Reader(path).Facts(doc.RootElement, board.Name, board.Mcu, board.I2c.SdaPin, board.I2c.SclPin);
    }

    /// <summary>GPIOs a module uses internally (SPI flash, PSRAM) or that do not exist: never free for the board.</summary>
    public static IReadOnlySet<int> ReservedPins(string mcu, string target)
    {
        var reserved = new HashSet<int>();
        if (mcu == "esp32")
        {
            for (int p = 6; p <= 11; p++) { reserved.Add(p); }           // SPI flash
            if (target.Contains("PSRAM", StringComparison.Ordinal)) { reserved.Add(16); reserved.Add(17); }   // WROVER PSRAM
            foreach (int p in new[] { 20, 24, 28, 29, 30, 31 }) { reserved.Add(p); }   // not bonded out
            for (int p = 40; p <= 48; p++) { reserved.Add(p); }
        }
        else
        {
            for (int p = 22; p <= 25; p++) { reserved.Add(p); }         // do not exist on the S3
            for (int p = 26; p <= 32; p++) { reserved.Add(p); }         // SPI flash / PSRAM
            if (target == "ESP32_S3_OCTAL") { for (int p = 33; p <= 37; p++) { reserved.Add(p); } }   // octal PSRAM
        }
        return reserved;
    }

    private sealed class Reader(string file)
    {
        public BoardFieldFacts Facts(JsonElement root, string name, string mcu, int sda, int scl)
        {
            var fw = Object(root, "$", "firmware", FirmwareFields);
            const string f = "$.firmware";
            string module = String(fw, f, "module");
            string target = String(fw, f, "nanoffTarget");
            string[] targets = TargetsByMcu[mcu];
            if (Array.IndexOf(targets, target) < 0)
            {
                throw Error(f + ".nanoffTarget", fw.GetProperty("nanoffTarget"), $"one of {string.Join(", ", targets)} (mcu \"{mcu}\")");
            }
            int flashMb = Integer(fw, f, "flashMegabytes");
            if (flashMb != 8 && flashMb != 16)
            {
                throw Error(f + ".flashMegabytes", fw.GetProperty("flashMegabytes"),
                    "8 or 16 (the 4 MB partition tables leave 256 KB for I:, less than the firmware writes)");
            }
            int psramMb = Integer(fw, f, "psramMegabytes");
            if (psramMb < 2 || psramMb > 32)
            {
                throw Error(f + ".psramMegabytes", fw.GetProperty("psramMegabytes"), "2 to 32 (the OTA path needs PSRAM)");
            }
            if (!target.Contains("PSRAM", StringComparison.Ordinal) && mcu == "esp32")
            {
                throw Error(f + ".nanoffTarget", fw.GetProperty("nanoffTarget"), "an ESP32_PSRAM_* target for a board with PSRAM");
            }

            var table = Object(fw, f, "partitionTable", PartitionFields);
            const string t = "$.firmware.partitionTable";
            string source = String(table, t, "source");
            string expectedTail = $":targets/ESP32/_IDF/{PartitionFolderByMcu[mcu]}/partitions_nanoclr_{flashMb}mb.csv";
            if (!source.StartsWith("nanoframework/nf-interpreter@", StringComparison.Ordinal) || !source.EndsWith(expectedTail, StringComparison.Ordinal))
            {
                throw Error(t + ".source", table.GetProperty("source"), $"nanoframework/nf-interpreter@<commit>{expectedTail} (mcu \"{mcu}\", {flashMb} MB)");
            }
            var deployment = Region(table, t, "deployment");
            var drive = Region(table, t, "internalDrive");
            long flashBytes = flashMb * 1024L * 1024L;
            if (deployment.End > drive.Offset)
            {
                throw Error(t + ".deployment.size", table.GetProperty("deployment").GetProperty("size"),
                    $"a deployment region ending at or before the internal drive's offset 0x{drive.Offset:X}");
            }
            if (drive.End > flashBytes)
            {
                throw Error(t + ".internalDrive.size", table.GetProperty("internalDrive").GetProperty("size"),
                    $"an internal drive ending within the {flashMb} MB flash (0x{flashBytes:X})");
            }

            StatusLedPin? led = null;
            var ledElement = Required(root, "$", "statusLed", "an object or null");
            if (ledElement.ValueKind != JsonValueKind.Null)
            {
                if (ledElement.ValueKind != JsonValueKind.Object) { throw Error("$.statusLed", ledElement, "an object or null"); }
                CheckFields(ledElement, "$.statusLed", LedFields);
                var active = Required(ledElement, "$.statusLed", "activeHigh", "true or false");
                if (active.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) { throw Error("$.statusLed.activeHigh", active, "true or false"); }
                led = new StatusLedPin(Integer(ledElement, "$.statusLed", "pin"), active.GetBoolean());
            }

            var con = Object(root, "$", "console", ConsoleFields);
            string port = String(con, "$.console", "port");
            if (port != "COM2" && port != "COM3")
            {
                throw Error("$.console.port", con.GetProperty("port"), "\"COM2\" or \"COM3\" (COM1 carries nanoFramework's wire protocol)");
            }
            var console = new ConsoleUart(port, Integer(con, "$.console", "txPin"), Integer(con, "$.console", "rxPin"), Integer(con, "$.console", "baud"));

            var reserved = ReservedPins(mcu, target);
            var used = new List<(string Path, JsonElement Value, int Pin)>
            {
                ("$.console.txPin", con.GetProperty("txPin"), console.TxPin),
                ("$.console.rxPin", con.GetProperty("rxPin"), console.RxPin),
            };
            if (led is not null) { used.Add(("$.statusLed.pin", ledElement.GetProperty("pin"), led.Pin)); }
            var taken = new Dictionary<int, string> { [sda] = "i2c.sdaPin", [scl] = "i2c.sclPin" };
            foreach (var (path, value, pin) in used)
            {
                if (reserved.Contains(pin))
                {
                    throw Error(path, value, $"a GPIO free on this module (GPIO{pin} is used by its flash/PSRAM or does not exist; target {target})");
                }
                if (taken.TryGetValue(pin, out string? other))
                {
                    throw Error(path, value, $"a pin other than {other} ({pin})");
                }
                taken[pin] = path[2..];
            }

            return new BoardFieldFacts(name, mcu, module, target, flashMb, psramMb, source, deployment, drive, led, console, sda, scl);
        }

        private FlashRegion Region(JsonElement table, string path, string name)
        {
            var region = Object(table, path, name, RegionFields);
            return new FlashRegion(Hex(region, path + "." + name, "offset"), Hex(region, path + "." + name, "size"));
        }

        private long Hex(JsonElement obj, string path, string name)
        {
            var value = Required(obj, path, name, "a hex string like \"0x1E0000\"");
            string? text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            if (text is null || !text.StartsWith("0x", StringComparison.Ordinal) || text.Length < 3
                || !long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long n)
                || n % 0x1000 != 0)
            {
                throw Error(path + "." + name, value, "a hex string like \"0x1E0000\", a multiple of the 4 KB flash sector");
            }
            return n;
        }

        private void CheckFields(JsonElement obj, string path, string[] allowed)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in obj.EnumerateObject())
            {
                if (Array.IndexOf(allowed, property.Name) < 0)
                {
                    throw new BoardFileException(file, path + "." + property.Name, null, "unknown field; expected one of " + string.Join(", ", allowed));
                }
                if (!seen.Add(property.Name))
                {
                    throw new BoardFileException(file, path + "." + property.Name, null, "duplicate field; expected it once");
                }
            }
        }

        private JsonElement Required(JsonElement obj, string path, string name, string what) =>
            obj.TryGetProperty(name, out var value) ? value : throw new BoardFileException(file, path + "." + name, null, $"missing required field ({what})");

        private JsonElement Object(JsonElement parent, string path, string name, string[] fields)
        {
            var value = Required(parent, path, name, "an object");
            if (value.ValueKind != JsonValueKind.Object) { throw Error(path + "." + name, value, "an object"); }
            CheckFields(value, path + "." + name, fields);
            return value;
        }

        private string String(JsonElement obj, string path, string name)
        {
            var value = Required(obj, path, name, "a string");
            return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Error(path + "." + name, value, "a string");
        }

        private int Integer(JsonElement obj, string path, string name)
        {
            var value = Required(obj, path, name, "an integer");
            return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int i) ? i : throw Error(path + "." + name, value, "an integer");
        }

        private BoardFileException Error(string path, JsonElement value, string expected) => new(file, path, value.GetRawText(), expected);
    }
}
