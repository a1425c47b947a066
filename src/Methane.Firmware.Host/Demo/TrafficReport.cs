using System.Text.Json;
using Methane.Firmware.Core.App;
using Methane.Firmware.Emulation.Scenarios;

namespace Methane.Firmware.Host.Demo;

/// <summary>
/// The measured run for the <c>cost</c> command (src/Methane.Cloud.Pipeline): what the devices sent through the broker on
/// dt/methane/# during the demo, by topic kind, with the run's size (devices, scenario seconds, sample and publish interval).
/// Shadow and jobs traffic ($aws/things/…) is not seen by the observer and not in it.
/// </summary>
public static class TrafficReport
{
    public const string Format = "methane-traffic-v1";

    public static void Write(string path, DemoSummary summary, DemoOptions options, string program)
    {
        var settings = new DeviceSettings();
        int sample = ScenarioLoader.LoadFile(HostPaths.Scenario(options.Scenario)).SampleIntervalSeconds ?? settings.SampleIntervalSeconds;
        var report = new Dictionary<string, object>
        {
            ["format"] = Format,
            ["source"] = $"{program} --scenario {options.Scenario}",
            ["measured_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["devices"] = summary.Devices.Count,
            ["duration_s"] = summary.ScenarioSeconds,
            ["sample_interval_s"] = sample,
            ["publish_interval_s"] = options.PublishIntervalSeconds ?? settings.PublishIntervalSeconds,
            ["health_interval_s"] = options.HealthIntervalSeconds ?? settings.HealthIntervalSeconds,
            ["readings_taken"] = summary.Published,
            ["readings_received"] = summary.Received,
            ["topics"] = summary.Traffic.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => new Dictionary<string, long>
            {
                ["messages"] = t.Value.Messages,
                ["bytes"] = t.Value.Bytes,
                ["units_5kb"] = t.Value.Units5Kb,
                ["readings"] = t.Value.Readings,
            }),
        };
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
