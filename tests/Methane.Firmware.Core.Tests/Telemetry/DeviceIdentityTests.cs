using System.Text.Json;
using System.Text.RegularExpressions;
using Methane.Firmware.Core.Telemetry;
using Methane.Telemetry;
using Xunit;

namespace Methane.Firmware.Core.Tests.Telemetry;

public sealed class DeviceIdentityTests
{
    [Theory]
    [InlineData("a", true)]
    [InlineData("Thing01_A-b", true)]
    [InlineData("Thing:01", false)] // the schema leaves ':' out of thing names too (issue 11)
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("slash/x", false)]
    [InlineData("plus+", false)]
    [InlineData("hash#", false)]
    [InlineData("quote\"", false)]
    [InlineData("é", false)]
    public void Thing_names(string value, bool valid) => Assert.Equal(valid, DeviceIdentity.IsValidThingName(value));

    [Theory]
    [InlineData("site-1_A", true)]
    [InlineData("site:1", false)]
    [InlineData("a/b", false)]
    [InlineData("", false)]
    public void Site_ids(string value, bool valid) => Assert.Equal(valid, DeviceIdentity.IsValidSiteId(value));

    [Theory]
    [InlineData("1.0.0", true)]
    [InlineData("10.20.300", true)]
    [InlineData("1.0", false)]
    [InlineData("1.0.0.0", false)]
    [InlineData("1..0", false)]
    [InlineData(".1.0", false)]
    [InlineData("1.0.", false)]
    [InlineData("v1.0.0", false)]
    [InlineData("1.0.0-beta", false)]
    [InlineData("", false)]
    public void Firmware_versions(string value, bool valid) => Assert.Equal(valid, DeviceIdentity.IsValidFirmwareVersion(value));

    [Fact]
    public void Lengths_follow_the_schema()
    {
        Assert.True(DeviceIdentity.IsValidThingName(new string('x', 64)));
        Assert.False(DeviceIdentity.IsValidThingName(new string('x', 65)));
        Assert.True(DeviceIdentity.IsValidSiteId(new string('x', 64)));
        Assert.False(DeviceIdentity.IsValidSiteId(new string('x', 65)));
        Assert.False(DeviceIdentity.IsValidThingName(null!));
    }

    [Fact]
    public void Validation_agrees_with_the_schema_patterns_on_random_strings()
    {
        using var schema = JsonDocument.Parse(TelemetrySchema.Text);
        JsonElement props = schema.RootElement.GetProperty("$defs").GetProperty("reading").GetProperty("properties");
        var thing = new Regex(props.GetProperty("thing").GetProperty("pattern").GetString()!);
        var site = new Regex(props.GetProperty("site").GetProperty("pattern").GetString()!);
        var fw = new Regex(props.GetProperty("fw").GetProperty("pattern").GetString()!);
        const string alphabet = "aZ09:_-./+# \"\\é";
        var random = new Random(5);
        for (int i = 0; i < 20000; i++)
        {
            var s = new string(Enumerable.Range(0, random.Next(0, 8)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            Assert.Equal(thing.IsMatch(s), DeviceIdentity.IsValidThingName(s));
            Assert.Equal(site.IsMatch(s), DeviceIdentity.IsValidSiteId(s));
            Assert.Equal(fw.IsMatch(s), DeviceIdentity.IsValidFirmwareVersion(s));
        }
    }

    [Fact]
    public void Constructor_rejects_invalid_values()
    {
        Assert.Throws<ArgumentException>(() => new DeviceIdentity("bad name", "site", "1.0.0"));
        Assert.Throws<ArgumentException>(() => new DeviceIdentity("thing", "a/b", "1.0.0"));
        Assert.Throws<ArgumentException>(() => new DeviceIdentity("thing", "site", "1.0"));
        var id = new DeviceIdentity("thing", "site", "1.0.0");
        Assert.Equal("thing", id.ThingName);
        Assert.Equal("\"thing\"", System.Text.Encoding.ASCII.GetString(id.ThingJson));
    }
}
