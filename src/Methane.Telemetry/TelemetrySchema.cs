using System.Reflection;

namespace Methane.Telemetry;

/// <summary>The telemetry v1/v2 JSON Schema (draft 2020-12), embedded in this assembly as <see cref="ResourceName"/>.</summary>
public static class TelemetrySchema
{
    /// <summary>The newest version this assembly reads and the device writes (v2 is a superset of v1).</summary>
    public const int Version = 2;
    /// <summary>The oldest version still read.</summary>
    public const int MinVersion = 1;
    public const string ResourceName = "telemetry-v1.schema.json";

    /// <summary>Largest payload AWS IoT Core accepts (and the decoder reads).</summary>
    public const int MaxPayloadBytes = 128 * 1024;

    /// <summary>Most readings in one batch array (schema <c>maxItems</c>).</summary>
    public const int MaxBatchReadings = 100;

    private static readonly Lazy<string> LazyText = new(() =>
    {
        using var stream = OpenStream();
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The schema document text.</summary>
    public static string Text => LazyText.Value;

    /// <summary>A fresh stream over the embedded schema.</summary>
    public static Stream OpenStream() =>
        typeof(TelemetrySchema).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"embedded resource {ResourceName} missing from {typeof(TelemetrySchema).Assembly.GetName().Name}");
}
