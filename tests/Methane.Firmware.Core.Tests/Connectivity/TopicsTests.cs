using Methane.Firmware.Core.Mqtt;
using Xunit;

namespace Methane.Firmware.Core.Tests.Connectivity;

public sealed class TopicsTests
{
    [Fact]
    public void Topic_names_for_one_device()
    {
        var t = new Topics("dev-1", "site-a");
        Assert.Equal("dt/methane/site-a/dev-1/telemetry", t.Telemetry);
        Assert.Equal("dt/methane/site-a/dev-1/batch", t.Batch);
        Assert.Equal("dt/methane/site-a/dev-1/alarm", t.Alarm);
        Assert.Equal("dt/methane/site-a/dev-1/health", t.Health);
        Assert.Equal("$aws/things/dev-1/shadow/update", t.ShadowUpdate);
        Assert.Equal("$aws/things/dev-1/shadow/update/delta", t.ShadowUpdateDelta);
        Assert.Equal("$aws/things/dev-1/shadow/get", t.ShadowGet);
        Assert.Equal("$aws/things/dev-1/jobs/notify-next", t.JobsNotifyNext);
        Assert.Equal("$aws/things/dev-1/jobs/start-next", t.JobsStartNext);
        Assert.Equal("$aws/things/dev-1/jobs/job-42/update", t.JobUpdate("job-42"));
        Assert.Null(t.JobUpdate("bad/id"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a+b")]
    [InlineData("a#")]
    [InlineData("$aws")]
    [InlineData("dev 1")]
    [InlineData("dév")]
    public void Invalid_thing_names_are_refused(string thing)
    {
        Assert.False(TopicNames.IsValidThingName(thing));
        Assert.Throws<ArgumentException>(() => new Topics(thing, "site"));
        Assert.Throws<ArgumentException>(() => new Topics("dev", thing));
    }

    [Fact]
    public void Name_length_limits()
    {
        // The schema's ^[A-Za-z0-9_-]{1,64}$ for thing and site.
        Assert.True(TopicNames.IsValidThingName(new string('a', 64)));
        Assert.False(TopicNames.IsValidThingName(new string('a', 65)));
        Assert.False(TopicNames.IsValidThingName("a:b"));
        Assert.True(TopicNames.IsValidSiteName(new string('s', 64)));
        Assert.False(TopicNames.IsValidSiteName(new string('s', 65)));
        // 25 fixed bytes + 64 + 64 = 153 ≤ 256: every valid pair makes valid topics.
        _ = new Topics(new string('t', 64), new string('s', 64));
    }

    [Theory]
    [InlineData("a/b/c/d/e/f/g/h", true)]    // 7 slashes
    [InlineData("a/b/c/d/e/f/g/h/i", false)] // 8 slashes
    [InlineData("a/+/b", false)]
    [InlineData("a/#", false)]
    [InlineData("", false)]
    public void Topic_limits(string topic, bool valid)
    {
        Assert.Equal(valid, TopicNames.IsValidTopic(topic));
    }

    [Fact]
    public void Topic_byte_limit_counts_utf8_bytes()
    {
        Assert.True(TopicNames.IsValidTopic(new string('a', 256)));
        Assert.False(TopicNames.IsValidTopic(new string('a', 257)));
        Assert.False(TopicNames.IsValidTopic(new string('é', 129))); // 2 bytes each: 258
    }

    [Theory]
    [InlineData("$aws/things/dev-1/shadow/update/delta", true)]
    [InlineData("$aws/things/dev-1/jobs/notify-next", true)]
    [InlineData("$aws/things/dev-10/shadow/update/delta", false)]
    [InlineData("$aws/things/dev-/shadow", false)]
    [InlineData("$aws/things/dev-1", false)]
    [InlineData("$aws/things/dev-1/", false)]
    [InlineData("$aws/things/DEV-1/shadow/update/delta", false)]
    [InlineData("$aws/things/dev-1/shadow/#", false)]
    [InlineData("dt/methane/site-a/dev-1/telemetry", false)]
    [InlineData("", false)]
    public void Inbound_topic_must_belong_to_this_thing(string topic, bool own)
    {
        Assert.Equal(own, new Topics("dev-1", "site-a").IsOwnInbound(topic));
    }
}
