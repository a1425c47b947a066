using Methane.Firmware.Host.Fleet;
using Xunit;

namespace Methane.Firmware.Host.Tests.Fleet;

/// <summary>The fleet's arithmetic and argument handling, against hand-computed values (no broker needed).</summary>
public sealed class FleetPartsTests
{
    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var h = new LatencyHistogram();
        for (int ms = 1; ms <= 100; ms++) h.Record(ms);
        // Nearest rank over 1..100: the p-th percentile is the value at rank ceil(p·100).
        Assert.Equal(50, h.Percentile(0.50));
        Assert.Equal(95, h.Percentile(0.95));
        Assert.Equal(99, h.Percentile(0.99));
        Assert.Equal(100, h.Max);
        Assert.Equal(100, h.Count);
    }

    [Fact]
    public void Negative_latency_counts_as_zero_and_is_reported()
    {
        var h = new LatencyHistogram();
        h.Record(-3);
        h.Record(7);
        Assert.Equal(1, h.Negative);
        Assert.Equal(0, h.Percentile(0.5));
        Assert.Equal(7, h.Percentile(1.0));
        Assert.Equal(-1, new LatencyHistogram().Percentile(0.5));
    }

    [Fact]
    public void Latency_beyond_a_minute_goes_to_the_overflow_bucket_and_reports_the_maximum()
    {
        var h = new LatencyHistogram();
        h.Record(10);
        h.Record(90_000);
        Assert.Equal(90_000, h.Percentile(0.99));
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("10s", 10)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("12", 12)]
    [InlineData("1.5m", 90)]
    public void Durations_parse(string text, double seconds)
    {
        Assert.True(FleetOptions.TryParseDuration(text, out TimeSpan v));
        Assert.Equal(seconds, v.TotalSeconds, 6);
    }

    [Fact]
    public void Benchmark_command_line_parses()
    {
        string[] args = "--devices 10000 --sites 50 --interval 10s --duration 5m --broker mosquitto --headless".Split(' ');
        Assert.True(FleetOptions.TryParse(args, out FleetOptions o, out string error), error);
        Assert.Equal(10000, o.Devices);
        Assert.Equal(50, o.Sites);
        Assert.Equal(TimeSpan.FromSeconds(10), o.Interval);
        Assert.Equal(TimeSpan.FromMinutes(5), o.Duration);
        Assert.Equal("mosquitto", o.Broker);
        Assert.True(o.Headless);
        // 10,000 devices over 50 sites: device 0 and 50 share site-000, device 49 is on site-049.
        Assert.Equal("site-000", o.SiteName(50));
        Assert.Equal("site-049", o.SiteName(49));
        Assert.Equal("fleet-09999", o.ThingName(9999));
    }

    [Theory]
    [InlineData("--devices 0", "--devices '0'")]
    [InlineData("--devices 10 --sites 20", "--sites 20 is more than --devices 10")]
    [InlineData("--interval 1.5s", "whole seconds")]
    [InlineData("--interval fast", "--interval 'fast'")]
    [InlineData("--broker 127.0.0.1:8883", "needs --cert-dir")]
    [InlineData("--broker nowhere", "--broker 'nowhere'")]
    [InlineData("--ca ca.pem", "are for --broker host:port")]
    [InlineData("--thing-prefix a/b", "--thing-prefix 'a/b'")]
    [InlineData("--colour red", "unknown option '--colour'")]
    public void Bad_arguments_get_a_one_line_reason(string args, string expected)
    {
        Assert.False(FleetOptions.TryParse(args.Split(' '), out _, out string error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }
}
