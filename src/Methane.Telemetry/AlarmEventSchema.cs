namespace Methane.Telemetry;

/// <summary>The alarm event v1 JSON Schema (draft 2020-12), embedded in this assembly as <see cref="ResourceName"/>.</summary>
public static class AlarmEventSchema
{
    public const string ResourceName = "alarm-event-v1.schema.json";

    private static readonly Lazy<string> LazyText = new(() =>
    {
        using Stream stream = typeof(AlarmEventSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} missing from {typeof(AlarmEventSchema).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static string Text => LazyText.Value;
}
