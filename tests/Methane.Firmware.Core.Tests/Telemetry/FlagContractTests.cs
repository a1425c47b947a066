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
        foreach (var (name, value) in Constants(typeof(ReadingFlags)).Where(kv => kv.Value > 0 && (kv.Value & (kv.Value - 1)) == 0))
        {
            Assert.True(flagsDescription.Contains(value + " "), $"schema flags description does not mention bit {value} ({name})");
        }
    }
}
