using System.Text;
using System.Text.Json;
using Json.Schema;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;
using Methane.Telemetry;
using Xunit;

namespace Methane.Firmware.Core.Tests.Telemetry;

/// <summary>Schema validation and reading generators shared by the telemetry tests.</summary>
internal static class TelemetryTestSupport
{
    // Built once: JsonSchema.Net registers the schema's $id globally.
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(TelemetrySchema.Text));

    public static readonly DeviceIdentity Identity = new("methane-dev-0001", "site_A-7", "1.4.12");

    public const long MaxSeq = 9007199254740991; // 2^53 - 1

    public static string SchemaErrors(ReadOnlySpan<byte> utf8, int maxDepth = 64)
    {
        using var document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = maxDepth });
        EvaluationResults results = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return "";
        }
        var text = new StringBuilder();
        foreach (EvaluationResults detail in (results.Details ?? []).Where(d => d.Errors is not null))
        {
            foreach (var error in detail.Errors!)
            {
                text.Append(detail.InstanceLocation).Append(' ').Append(error.Key).Append(": ").Append(error.Value).Append("; ");
            }
        }
        return text.Length == 0 ? "invalid" : text.ToString();
    }

    public static void AssertSchemaValid(ReadOnlySpan<byte> utf8)
    {
        string errors = SchemaErrors(utf8);
        Assert.True(errors.Length == 0, $"{Encoding.UTF8.GetString(utf8)} -> {errors}");
    }

    public static bool IsSchemaValid(string json, int maxDepth = 64) => SchemaErrors(Encoding.UTF8.GetBytes(json), maxDepth).Length == 0;

    /// <summary>A reading with every group present and every value inside the schema.</summary>
    public static Reading RandomReading(Random random)
    {
        var r = new Reading
        {
            Seq = random.Next(4) == 0 ? MaxSeq - random.Next(0, 3) : random.NextInt64(0, MaxSeq),
            TimestampMs = random.Next(4) == 0 ? random.NextInt64(0, 10_000_000) : random.NextInt64(1_600_000_000_000, 2_100_000_000_000),
            HasMethane = random.Next(5) != 0,
            HasEnvironment = random.Next(5) != 0,
            HasRaw = random.Next(5) != 0,
            Alarm = random.Next(0, 3),
            Flags = random.Next(0, 1 << 11),
        };
        r.Ch4Ppm = random.Next(6) == 0 ? (random.Next(2) == 0 ? 0 : 50000) : random.NextDouble() * 100000;
        r.LelPct = r.Ch4Ppm / 500.0;
        r.TemperatureTicks = random.Next(0, 65536);
        r.HumidityTicks = random.Next(0, 65536);
        r.TemperatureC = -45 + 175.0 * r.TemperatureTicks / 65535;
        r.RelativeHumidityPct = -6 + 125.0 * r.HumidityTicks / 65535;
        r.AdcRaw = random.Next(-32768, 32768);
        r.VoutVolts = r.AdcRaw * 4.096 / 32768;
        r.RsOhms = random.NextDouble() * 1_000_000;
        r.RsR0 = random.NextDouble() * 20;
        return r;
    }

    public static Reading FullReading() => new()
    {
        Seq = 42, TimestampMs = 1_717_243_200_123, HasMethane = true, Ch4Ppm = 1234.56, LelPct = 2.46912,
        HasEnvironment = true, TemperatureC = 21.5, RelativeHumidityPct = 45.25, TemperatureTicks = 25000, HumidityTicks = 28000,
        HasRaw = true, AdcRaw = 12000, VoutVolts = 1.5, RsOhms = 23456.78, RsR0 = 0.61234, Alarm = AlarmLevel.Low, Flags = ReadingFlags.Replayed,
    };
}
