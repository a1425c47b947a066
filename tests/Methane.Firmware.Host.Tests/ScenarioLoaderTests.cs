using Methane.Firmware.Emulation.Scenarios;
using Xunit;

namespace Methane.Firmware.Host.Tests;

public sealed class ScenarioLoaderTests
{
    private const string Minimal = """{ "name": "t", "seed": 1, "durationSeconds": 600 }""";

    [Theory]
    [InlineData("""{ "name": "t", "seed": 1 }""", "x.json: $.durationSeconds: missing required field (an integer 1 to 604800)")]
    [InlineData("""{ "name": "t", "seed": 1, "durationSeconds": "long" }""", "x.json: $.durationSeconds = \"long\": expected an integer 1 to 604800")]
    [InlineData("""{ "name": "t", "seed": 1, "durationSeconds": 600, "colour": 1 }""", "x.json: $.colour: unknown field; expected one of $schema, name, description, seed, durationSeconds, sampleIntervalSeconds, environment, events, sites")]
    [InlineData("""{ "name": "a b", "seed": 1, "durationSeconds": 600 }""", "x.json: $.name = \"a b\": expected 1-64 characters of A-Z a-z 0-9 - _")]
    [InlineData("""{ "name": "t", "seed": 1, "durationSeconds": 600, "environment": { "humidityPct": 120 } }""", "x.json: $.environment.humidityPct = 120: expected 0 to 100")]
    [InlineData("""{ "name": "t", "seed": 1, "durationSeconds": 600, "events": [ { "type": "flood", "startSeconds": 1 } ] }""", "x.json: $.events[0].type = \"flood\": expected one of \"leak\", \"drift\", \"i2cFault\", \"brokerOutage\", \"powerCut\"")]
    [InlineData("""{ "name": "t", "seed": 1, "durationSeconds": 600, "events": [ { "type": "leak", "startSeconds": 1, "riseSeconds": 1, "holdSeconds": 1, "decaySeconds": 1, "peakPpm": -5 } ] }""", "x.json: $.events[0].peakPpm = -5: expected 1 to 1000000")]
    [InlineData("""{ "name": "t", "seed": 1, "durationSeconds": 600, "events": [ { "type": "leak", "startSeconds": 900, "riseSeconds": 1, "holdSeconds": 1, "decaySeconds": 1, "peakPpm": 5 } ] }""", "x.json: $.events[0].startSeconds = 900: expected 0 to 600")]
    [InlineData("""{ "name": "t", "seed": 1, "durationSeconds": 600, "events": [ { "type": "i2cFault", "chip": "ads1115", "fault": "crc", "startSeconds": 1, "durationSeconds": 5 } ] }""", "x.json: $.events[0].fault = \"crc\": expected a fault the ADS1115 can have (it has no CRC)")]
    [InlineData("""{ "name": "t", "seed": 1, "durationSeconds": 600, "events": [ { "type": "brokerOutage", "devices": [1], "startSeconds": 1, "durationSeconds": 5 } ] }""", "x.json: $.events[0].devices: unknown field; expected one of type, startSeconds, durationSeconds")]
    [InlineData("""{ "name": "t", "seed": 1, "durationSeconds": 600, "events": [ { "type": "powerCut", "devices": [-1], "startSeconds": 1, "durationSeconds": 5 } ] }""", "x.json: $.events[0].devices[0] = -1: expected a device index 0 to 100000")]
    [InlineData("""{ "name": "t", """, "x.json: $: expected valid JSON")]
    [InlineData("""{ "name": "t", "seed": 1, "durationSeconds": 600, "sites": [ { "site": "s", "wind": { "profile": "gale" } } ] }""", "x.json: $.sites[0].wind.profile = \"gale\": expected one of \"steady\", \"meandering\", \"calm\", \"diurnalStability\"")]
    [InlineData("""{ "name": "t", "seed": 1, "durationSeconds": 600, "sites": [ { "site": "s", "releases": [ { "source": "a", "rateKgPerHour": 0, "startSeconds": 0, "endSeconds": 60 } ] } ] }""", "x.json: $.sites[0].releases[0].rateKgPerHour = 0: expected 0.001 to 10000")]
    [InlineData("""{ "name": "t", "seed": 1, "durationSeconds": 600, "sites": [ { "site": "s", "releases": [ { "source": "a", "rateKgPerHour": 1, "startSeconds": 60, "endSeconds": 60 } ] } ] }""", "x.json: $.sites[0].releases[0].endSeconds = 60: expected after startSeconds (60)")]
    [InlineData("""{ "name": "t", "seed": 1, "durationSeconds": 600, "sites": [ { "site": "s", "wind": [ { "startSeconds": 0, "profile": "steady" }, { "startSeconds": 0, "profile": "calm" } ] } ] }""", "x.json: $.sites[0].wind[1].startSeconds = 0: expected after the previous segment's start (0)")]
    [InlineData("""{ "name": "t", "seed": 1, "durationSeconds": 600, "sites": [ { "site": "s", "wind": [ { "startSeconds": 60, "profile": "steady" } ] } ] }""", "x.json: $.sites[0].wind[0].startSeconds = 60: expected 0 (the first segment starts the run)")]
    [InlineData("""{ "name": "t", "seed": 1, "durationSeconds": 600, "sites": [ { "site": "s", "wind": [] } ] }""", "x.json: $.sites[0].wind = []: expected a wind object or a non-empty array of them")]
    [InlineData("""{ "name": "t", "seed": 1, "durationSeconds": 600, "sites": [ { "site": "s" }, { "site": "s" } ] }""", "x.json: $.sites[1].site = \"s\": expected a site not listed before in $.sites")]
    [InlineData("""{ "name": "t", "seed": 1, "durationSeconds": 600, "sites": [ { "site": "s", "wind": { "profile": "steady", "speedMs": 3, "gusts": 1 } } ] }""", "x.json: $.sites[0].wind.gusts: unknown field; expected one of startSeconds, profile, speedMs, fromDeg")]
    public void A_bad_file_is_refused_naming_file_field_and_value(string json, string expected)
    {
        var e = Assert.Throws<ScenarioFileException>(() => ScenarioLoader.Parse(json, "x.json"));
        Assert.StartsWith(expected, e.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var e = Assert.Throws<ScenarioFileException>(() => ScenarioLoader.LoadFile("/nonexistent/s.json"));
        Assert.StartsWith("/nonexistent/s.json: $: expected a readable file", e.Message);
    }

    [Fact]
    public void Every_shipped_scenario_loads()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "scenarios");
        var files = Directory.GetFiles(dir, "*.json");
        Assert.True(files.Length >= 5);
        foreach (var f in files) Assert.Equal(Path.GetFileNameWithoutExtension(f), ScenarioLoader.LoadFile(f).Name);
    }

    [Fact]
    public void Same_seed_same_air_and_devices_differ()
    {
        var s = ScenarioLoader.Parse("""
            { "name": "t", "seed": 5, "durationSeconds": 600, "environment": { "sensorNoisePct": 1, "temperatureAmplitudeC": 3 },
              "events": [ { "type": "leak", "startSeconds": 100, "riseSeconds": 50, "holdSeconds": 50, "decaySeconds": 100, "peakPpm": 10000 } ] }
            """, "x.json");
        var a = new ScenarioPlayer(s, 0);
        var b = new ScenarioPlayer(s, 0);
        var c = new ScenarioPlayer(s, 1);
        for (int t = 0; t < 600; t += 7)
        {
            Assert.Equal(a.PpmAt(t), b.PpmAt(t));
            Assert.Equal(a.TemperatureAt(t), b.TemperatureAt(t));
        }
        Assert.NotEqual(a.PpmAt(175), c.PpmAt(175));
        // Plume shape: 0 before, smoothstep half-way up (0.5), 1 on hold, e^-4·(50/100) = e^-2 half-way through the decay.
        var leak = s.Events[0];
        Assert.Equal(0, ScenarioPlayer.Plume(leak, 99));
        Assert.Equal(0.5, ScenarioPlayer.Plume(leak, 125), 9);
        Assert.Equal(1, ScenarioPlayer.Plume(leak, 175));
        Assert.Equal(Math.Exp(-2), ScenarioPlayer.Plume(leak, 250), 9);
        Assert.Equal(0, ScenarioPlayer.Plume(leak, 300));
    }
}
