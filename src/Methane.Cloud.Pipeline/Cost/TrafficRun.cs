using System.Text.Json;

namespace Methane.Cloud.Pipeline.Cost;

/// <summary>Measured traffic of one topic kind during a run.</summary>
public sealed record TopicTraffic(long Messages, long Bytes, long Units5Kb, long Readings);

/// <summary>A measured run (format methane-traffic-v1, written by <c>methane-demo --traffic-json</c>).</summary>
public sealed record TrafficRun(string Source, int Devices, double DurationSeconds, int SampleIntervalSeconds, int PublishIntervalSeconds,
    long ReadingsTaken, IReadOnlyDictionary<string, TopicTraffic> Topics)
{
    public const string Format = "methane-traffic-v1";

    /// <exception cref="FormatException">A field is missing or out of range (the message names it).</exception>
    public static TrafficRun Load(string path)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        JsonElement r = doc.RootElement;
        string format = Get(r, "format", path).GetString() ?? "";
        if (format != Format) throw new FormatException($"{path}: format: got '{format}', expected '{Format}'");
        int devices = Get(r, "devices", path).GetInt32();
        double duration = Get(r, "duration_s", path).GetDouble();
        if (devices < 1) throw new FormatException($"{path}: devices: got {devices}, expected at least 1");
        if (!(duration > 0)) throw new FormatException($"{path}: duration_s: got {duration}, expected seconds > 0");
        var topics = new Dictionary<string, TopicTraffic>(StringComparer.Ordinal);
        foreach (JsonProperty t in Get(r, "topics", path).EnumerateObject())
        {
            long Field(string name)
            {
                long v = Get(t.Value, name, path, $"topics.{t.Name}.").GetInt64();
                return v >= 0 ? v : throw new FormatException($"{path}: topics.{t.Name}.{name}: got {v}, expected a count >= 0");
            }
            topics[t.Name] = new TopicTraffic(Field("messages"), Field("bytes"), Field("units_5kb"), Field("readings"));
        }
        return new TrafficRun(Get(r, "source", path).GetString() ?? "", devices, duration, Get(r, "sample_interval_s", path).GetInt32(),
            Get(r, "publish_interval_s", path).GetInt32(), Get(r, "readings_taken", path).GetInt64(), topics);
    }

    private static JsonElement Get(JsonElement e, string name, string path, string prefix = "") =>
        e.TryGetProperty(name, out JsonElement v) ? v : throw new FormatException($"{path}: {prefix}{name}: missing");
}
