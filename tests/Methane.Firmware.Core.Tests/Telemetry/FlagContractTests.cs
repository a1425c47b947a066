using System.Reflection;
using Methane.Firmware.Core.Sensing;
using Methane.Telemetry;
using Xunit;

namespace Methane.Firmware.Core.Tests.Telemetry;

/// <summary>
/// The flag bits are a wire contract with two copies: the device's <see cref="ReadingFlags"/> (nanoFramework subset, no
/// dependency on host code) and the cloud side's <see cref="TelemetryFlags"/>. They must name the same bits, and the schema
/// text must describe every one of them.
/// </summary>
public sealed class FlagContractTests
{
    private static Dictionary<string, int> Constants(Type t) => t.GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(int)).ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);

    [Fact]
    public void Device_and_cloud_flag_constants_are_identical()
    {
        var device = Constants(typeof(ReadingFlags));
        var cloud = Constants(typeof(TelemetryFlags));
        device.Remove(nameof(ReadingFlags.None));
        Assert.Equal(device.OrderBy(kv => kv.Key), cloud.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void The_schema_documents_every_single_bit()
    {
        string flagsDescription = System.Text.Json.JsonDocument.Parse(TelemetrySchema.Text).RootElement
            .GetProperty("$defs").GetProperty("reading").GetProperty("properties").GetProperty("flags")
            .GetProperty("description").GetString()!;
        Dictionary<int, string> documented = DocumentedBits(flagsDescription);
        var bits = Constants(typeof(ReadingFlags)).Where(kv => kv.Value > 0 && (kv.Value & (kv.Value - 1)) == 0)
            .ToDictionary(kv => kv.Value, kv => kv.Key);
        Assert.Equal(bits.Keys.Order(), documented.Keys.Order());
        foreach (var (value, name) in bits)
        {
            // "warming-up" documents WarmingUp: the same words, in the schema's kebab case.
            Assert.True(Normalized(documented[value]) == Normalized(name),
                $"schema documents bit {value} as '{documented[value]}', the firmware calls it {name}");
        }
    }

    [Fact]
    public void The_bit_list_parser_reads_whole_numbers_only()
    {
        // The old check (Contains(value + " ")) took "512 " for bit 2 and "128 " for bit 8; the parser must not.
        Dictionary<int, string> parsed = DocumentedBits("Bit field: 512 uncompensated, 128 env-sensor-fault. 4|16 are invalid.");
        Assert.Equal(new[] { 128, 512 }, parsed.Keys.Order());
        Assert.Equal("env-sensor-fault", parsed[128]);
    }

    /// <summary>The "Bit field: N name, N name, …." list at the start of the description, as value → name.</summary>
    private static Dictionary<int, string> DocumentedBits(string description)
    {
        const string lead = "Bit field: ";
        Assert.StartsWith(lead, description, StringComparison.Ordinal);
        int end = description.IndexOf('.', lead.Length);
        string list = description[lead.Length..(end < 0 ? description.Length : end)];
        var bits = new Dictionary<int, string>();
        foreach (string entry in list.Split(", "))
        {
            string[] parts = entry.Trim().Split(' ');
            Assert.True(parts.Length == 2 && int.TryParse(parts[0], System.Globalization.NumberStyles.None, null, out _),
                $"schema flags entry '{entry}' is not 'value name'");
            Assert.True(bits.TryAdd(int.Parse(parts[0]), parts[1]), $"schema documents bit {parts[0]} twice");
        }
        return bits;
    }

    private static string Normalized(string name) => name.Replace("-", "").ToLowerInvariant();
}
