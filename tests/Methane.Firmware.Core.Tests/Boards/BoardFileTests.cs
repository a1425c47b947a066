using System.Reflection;
using System.Text.Json;
using Json.Schema;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Emulation.Boards;
using Xunit;

namespace Methane.Firmware.Core.Tests.Boards;

/// <summary>Shipped board files against the schema and the loader; broken files against exact error texts.</summary>
public sealed class BoardFileTests
{
    private static readonly string Root = typeof(BoardFileTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;
    private static readonly string BoardsDir = Path.Combine(Root, "boards");
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(
        File.ReadAllText(Path.Combine(BoardsDir, "board.schema.json")), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    /// <summary>Every board file in boards/ (a new board is tested without touching a list).</summary>
    public static string[] BoardFileNames() => Directory.GetFiles(BoardsDir, "*.json").Select(Path.GetFileName).OfType<string>()
        .Where(name => name != "board.schema.json").Order(StringComparer.Ordinal).ToArray();

    public static TheoryData<string> ShippedBoards() => new(BoardFileNames());

    [Fact]
    public void The_shipped_boards_are_found()
    {
        Assert.Equal(["esp32-devkitc-tgs2611.json", "esp32-s3-devkitc-tgs2611.json"], BoardFileNames().Where(n => n.Contains("tgs2611")));
    }

    private static bool SchemaAccepts(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Schema.Value.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List }).IsValid;
    }

    private static string DevKitC() => File.ReadAllText(Path.Combine(BoardsDir, "esp32-devkitc-tgs2611.json"));

    [Theory]
    [MemberData(nameof(ShippedBoards))]
    public void Shipped_board_validates_against_the_schema_and_loads(string fileName)
    {
        string path = Path.Combine(BoardsDir, fileName);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var result = Schema.Value.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));

        BoardConfig board = BoardLoader.LoadFile(path);
        Assert.Null(board.Validate());
        Assert.Equal(Path.GetFileNameWithoutExtension(fileName), board.Name);
    }

    [Fact]
    public void Esp32_devkitc_values_are_mapped()
    {
        var b = BoardLoader.LoadFile(Path.Combine(BoardsDir, "esp32-devkitc-tgs2611.json"));
        Assert.Equal("esp32", b.Mcu);
        Assert.Equal((1, 21, 22, 100000), (b.I2c.BusId, b.I2c.SdaPin, b.I2c.SclPin, b.I2c.FrequencyHz));
        Assert.Equal((0x48, 4096, 128, 0), (b.Adc.Address, b.Adc.FullScaleMillivolts, b.Adc.DataRateSps, b.Adc.Channel));
        Assert.Equal(0x44, b.EnvSensor.Address);
        Assert.Equal(10000, b.Calibration.LoadResistorOhms);
        Assert.Equal(5.0, b.Calibration.CircuitVolts);
        Assert.Equal(5000, b.Calibration.CurveA);                      // R0 is Rs at 5000 ppm
        Assert.Equal(Math.Log(3) / Math.Log(0.6), b.Calibration.CurveB, 4);   // datasheet Rs(9000)/Rs(3000) = 0.60
        Assert.Equal(50000, b.Calibration.LelPpm);                     // 5.0 %vol
        Assert.Equal((20.0, 65.0), (b.Calibration.ReferenceTemperatureC, b.Calibration.ReferenceHumidityPct));
        Assert.Equal((10.0, 20.0), (b.Alarm.LowLelPct, b.Alarm.HighLelPct));
        Assert.Equal(150, b.Sensing.WarmUpSeconds);
        Assert.Equal(5, b.Filter.MedianWindow);
    }

    [Fact]
    public void Esp32_s3_uses_gpio8_and_gpio9()
    {
        var b = BoardLoader.LoadFile(Path.Combine(BoardsDir, "esp32-s3-devkitc-tgs2611.json"));
        Assert.Equal("esp32-s3", b.Mcu);
        Assert.Equal((8, 9), (b.I2c.SdaPin, b.I2c.SclPin));
    }

    public static TheoryData<string, string, string, bool> BrokenFiles() => new()
    {
        // replace this, with that → exact loader message; does the schema also reject it?
        { "\"sdaPin\": 21", "\"sdaPn\": 21",
          "broken.json: $.i2c.sdaPn: unknown field; expected one of busId, sdaPin, sclPin, frequencyHz", true },
        { "\"sdaPin\": 21", "\"sdaPin\": \"21\"", "broken.json: $.i2c.sdaPin = \"21\": expected an integer", true },
        { "\"sdaPin\": 21", "\"sdaPin\": 21.5", "broken.json: $.i2c.sdaPin = 21.5: expected an integer", true },
        { "\"r0Ohms\": 2200,", "", "broken.json: $.calibration.r0Ohms: missing required field (a number)", true },
        { "\"r0Ohms\": 2200", "\"r0Ohms\": 50", "broken.json: $.calibration.r0Ohms = 50: expected 100 to 1000000", true },
        { "\"curveB\": -2.1507", "\"curveB\": \"-2.15\"", "broken.json: $.calibration.curveB = \"-2.15\": expected a number", true },
        { "\"address\": \"0x48\"", "\"address\": \"0x80\"",
          "broken.json: $.parts.ads1115.address = \"0x80\": expected a 7-bit I2C address (0x00 to 0x7F)", true },
        { "\"address\": \"0x48\"", "\"address\": \"0x4C\"", "broken.json: $.parts.ads1115.address = \"0x4C\": expected 0x48 to 0x4B", true },
        { "\"address\": \"0x48\"", "\"address\": 72",
          "broken.json: $.parts.ads1115.address = 72: expected a 7-bit I2C address as a hex string like \"0x48\"", true },
        { "\"address\": \"0x44\"", "\"address\": \"0x40\"", "broken.json: $.parts.sht4x.address = \"0x40\": expected 0x44 to 0x46", true },
        { "\"dataRateSps\": 128", "\"dataRateSps\": 100",
          "broken.json: $.parts.ads1115.dataRateSps = 100: expected one of 8, 16, 32, 64, 128, 250, 475, 860", true },
        { "\"heaterVolts\": 5.0", "\"heaterVolts\": 12.0",
          "broken.json: $.parts.tgs2611.heaterVolts = 12.0: expected 4.8 to 5.2 (TGS2611 heater 5.0 ± 0.2 V)", true },
        { "\"mcu\": \"esp32\"", "\"mcu\": \"esp8266\"", "broken.json: $.mcu = \"esp8266\": expected \"esp32\" or \"esp32-s3\"", true },
        { "\"medianWindow\": 5", "\"medianWindow\": 4", "broken.json: $.filter.medianWindow = 4: expected an odd number 1 to 15", true },
        { "\"stuckSampleCount\": 60", "\"stuckSampleCount\": 1",
          "broken.json: $.filter.stuckSampleCount = 1: expected 0 (off) or 2 to 10000", true },
        { "\"emaAlpha\": 0.3", "\"emaAlpha\": 0", "broken.json: $.filter.emaAlpha = 0: expected > 0 and <= 1", true },
        // Cross-field and MCU-specific rules the schema cannot express: only the loader catches them.
        { "\"hysteresisLelPct\": 2", "\"hysteresisLelPct\": 12",
          "broken.json: $.alarm.hysteresisLelPct = 12: expected >= 0 and < alarm.lowLelPct (10)", false },
        { "\"highLelPct\": 20", "\"highLelPct\": 8", "broken.json: $.alarm.highLelPct = 8: expected > alarm.lowLelPct (10) and <= 100", false },
        { "\"sdaPin\": 21", "\"sdaPin\": 35", "broken.json: $.i2c.sdaPin = 35: expected 0 to 33", false },
        { "\"sclPin\": 22", "\"sclPin\": 21", "broken.json: $.i2c.sclPin = 21: expected a pin other than i2c.sdaPin (21)", false },
        { "\"temperatureMaxC\": 40", "\"temperatureMaxC\": -20",
          "broken.json: $.sensing.temperatureMaxC = -20: expected > sensing.temperatureMinC (-10) and <= 125", false },
        { "\"i2c\": {", "\"i2c\": 5, \"x\": {", "broken.json: $.x: unknown field; expected one of $schema, name, description, mcu, firmware, statusLed, console, i2c, parts, calibration, filter, alarm, sensing, role, ambient, wind", true },
        { "\"busId\": 1,", "\"busId\": 1, \"busId\": 2,", "broken.json: $.i2c.busId: duplicate field; expected it once", true },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void Broken_file_gives_the_exact_error(string replace, string with, string expectedMessage, bool schemaRejects)
    {
        string json = DevKitC();
        int at = json.IndexOf(replace, StringComparison.Ordinal);
        Assert.True(at >= 0 && json.IndexOf(replace, at + 1, StringComparison.Ordinal) < 0, $"'{replace}' must occur exactly once");
        json = json[..at] + with + json[(at + replace.Length)..];

        var e = Assert.Throws<BoardFileException>(() => BoardLoader.Parse(json, "broken.json"));
        Assert.Equal(expectedMessage, e.Message);
        Assert.Equal("broken.json", e.File);
        Assert.StartsWith("$", e.JsonPath);
        Assert.Contains(e.JsonPath, expectedMessage);

        if (with.Contains("\"busId\": 2")) { return; }   // JsonDocument keeps duplicates; the schema sees only the last one
        Assert.Equal(!schemaRejects, SchemaAccepts(json));
    }

    [Fact]
    public void Wrong_object_kinds_and_invalid_json()
    {
        var e = Assert.Throws<BoardFileException>(() => BoardLoader.Parse("[]", "broken.json"));
        Assert.Equal("broken.json: $ = []: expected a JSON object", e.Message);

        e = Assert.Throws<BoardFileException>(() => BoardLoader.Parse(DevKitC().Replace("\"sensing\": {", "\"sensing\": [], \"unused\": {"), "broken.json"));
        Assert.StartsWith("broken.json: $.unused: unknown field", e.Message);

        e = Assert.Throws<BoardFileException>(() => BoardLoader.Parse("{ \"name\": \"x\", }", "broken.json"));
        Assert.StartsWith("broken.json: $: expected valid JSON (line 1, byte ", e.Message);
    }

    [Fact]
    public void Name_must_match_the_file_name()
    {
        string dir = Path.Combine(Path.GetTempPath(), "methane-board-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "my-board.json");
            File.WriteAllText(path, DevKitC());
            var e = Assert.Throws<BoardFileException>(() => BoardLoader.LoadFile(path));
            Assert.Equal($"{path}: $.name = \"esp32-devkitc-tgs2611\": expected \"my-board\" (the file name without .json)", e.Message);

            var missing = Assert.Throws<BoardFileException>(() => BoardLoader.LoadFile(Path.Combine(dir, "absent.json")));
            Assert.StartsWith(Path.Combine(dir, "absent.json") + ": $: expected a readable file", missing.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
